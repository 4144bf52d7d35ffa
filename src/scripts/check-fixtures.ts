/** `npm run fixtures:check`: the start-up validation alone, of the identity file and every source file. Exit 1 on any problem. */
import { loadConfig } from "../config";
import { FixtureError, loadFacts } from "../facts/load";

const config = loadConfig();
const dir = process.argv[2] ?? config.fixturesDir;
try {
  const counts = loadFacts(dir, { maxFileBytes: config.fixtureMaxBytes }).counts();
  console.log(
    `fixtures ok: ${dir}: ${Object.entries(counts)
      .map(([k, n]) => `${n} ${k}`)
      .join(", ")}`,
  );
} catch (err) {
  if (!(err instanceof FixtureError)) throw err;
  console.error(err.message);
  process.exit(1);
}
