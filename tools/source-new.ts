/**
 * `npm run source:new -- <text file> --date YYYY-MM-DD [--id <source-id>] [--publisher <name>]`:
 * drafts a new source file from an article's text, into the fixtures, for an analyst to confirm:
 * its sentences, the dates it finds resolved against the source's date, the entities of the graph
 * it names and the names the graph does not hold. Refuses to overwrite; checks that the draft loads.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { parsePartialDate } from "../src/facts/dates";
import { LocalId } from "../src/facts/records";
import type { FactStore } from "../src/facts/store";
import type { TableName } from "../src/facts/tables";
import type { KnownEntity } from "./drafting/names";

const USAGE = "usage: npm run source:new -- <text file> --date YYYY-MM-DD [--id <source-id>] [--publisher <name>] [--fixtures <dir>]";

class UsageError extends Error {}

/** Kinds whose records are people: a surname alone names them. */
const PEOPLE = new Set(["Leader", "Person"]);

/** Every record of the store that has a name, with its names as search knows them. */
function knownEntities(store: FactStore, writtenNames: typeof import("../src/facts/search").writtenNames): KnownEntity[] {
  return Object.entries(store.catalogue).flatMap(([kind, spec]) =>
    spec.names
      ? store.table(kind as TableName).rows.map((row) => ({
          kind,
          typename: spec.typename,
          id: row.id,
          names: writtenNames(kind as TableName, row, spec),
          person: PEOPLE.has(spec.typename),
        }))
      : [],
  );
}

/** A source id from a file name: "Minister visit.txt" -> "minister-visit". */
const idFromFile = (file: string) =>
  path
    .basename(file, path.extname(file))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");

function options(argv: string[]) {
  let parsed: ReturnType<typeof parse>;
  const parse = (args: string[]) =>
    parseArgs({
      args,
      allowPositionals: true,
      options: { date: { type: "string" }, id: { type: "string" }, publisher: { type: "string" }, fixtures: { type: "string" } },
    });
  try {
    parsed = parse(argv);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError("give one text file");
  const file = positionals[0]!;
  if (values.date === undefined) throw new UsageError("give --date YYYY-MM-DD: the day the source was published, which its relative dates are resolved against");
  if (parsePartialDate(values.date)?.precision !== "DAY") throw new UsageError(`--date ${values.date} is not a day: give YYYY-MM-DD`);
  const id = values.id ?? idFromFile(file);
  const valid = LocalId.safeParse(id);
  if (!valid.success) throw new UsageError(`--id ${JSON.stringify(id)}: ${valid.error.issues[0]!.message}`);
  return { file, date: values.date, id, publisher: values.publisher?.trim() || null, fixtures: path.resolve(values.fixtures ?? "fixtures") };
}

async function main(argv: string[]): Promise<number> {
  const { file, date, id, publisher, fixtures } = options(argv);
  let text: string;
  try {
    // A byte order mark is no part of the text, and start-up refuses a text file that has one.
    text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  } catch (err) {
    console.error(`source:new: cannot read ${file}: ${(err as Error).message}`);
    return 1;
  }
  if (!text.trim()) {
    console.error(`source:new: ${file} has no text`);
    return 1;
  }
  const folder = path.join(fixtures, "sources", id);
  // As start-up names fixture files: from the fixtures folder's parent.
  const shown = (file: string) => path.relative(path.dirname(fixtures), file);
  const sourceFile = path.join(folder, "source.yaml");
  // Named as every source's text is, whatever the file was called.
  const textFile = path.join(folder, "text.txt");
  for (const target of [sourceFile, textFile]) {
    if (existsSync(target)) {
      console.error(`source:new: ${shown(target)} exists; not overwriting it (give another --id, or remove it)`);
      return 1;
    }
  }
  // Loaded once the arguments and targets are good: the language model takes a while, a refusal should not.
  const [{ FixtureError, loadFacts }, { writtenNames }, { mayEndAfterInitialism, proposeSentences }, { draftDates }, { draftNames }, { draftSourceFile }] = await Promise.all([
    import("../src/facts/load"),
    import("../src/facts/search"),
    import("../src/facts/sentences"),
    import("./drafting/dates"),
    import("./drafting/names"),
    import("./drafting/source-file"),
  ]);
  let store: FactStore;
  try {
    store = loadFacts(fixtures);
  } catch (err) {
    console.error(`source:new: the fixtures do not load, so their entities cannot be matched: ${(err as Error).message}`);
    return 1;
  }

  const sentences = proposeSentences(text.trim());
  const dates = draftDates(sentences, date);
  const names = draftNames(sentences, knownEntities(store, writtenNames));
  mkdirSync(folder, { recursive: true });
  writeFileSync(textFile, text, { flag: "wx" });
  writeFileSync(
    sourceFile,
    draftSourceFile({ textFile: "text.txt", drafted: path.basename(file), publishedOn: date, publisher, sentences, ...dates, ...names }),
    { flag: "wx" },
  );

  const lines = [`Drafted ${shown(sourceFile)}: ${sentences.length} sentences.`];
  const review = sentences.flatMap((s, i) => (mayEndAfterInitialism(s) ? [i + 1] : []));
  if (review.length) lines.push(`Check sentence ${review.join(", ")}: may a sentence end after its initialism ("U.S.")?`);
  if (dates.dates.length) lines.push("Dates:", ...dates.dates.map((d) => `  sentence ${d.sentence}  "${d.asWritten}"  ${d.iso} (${d.precision}, ${d.basis})`));
  if (dates.unresolved.length) lines.push("Left unresolved:", ...dates.unresolved.map((u) => `  sentence ${u.sentence}  "${u.asWritten}": ${u.reason}`));
  if (names.matched.length)
    lines.push("Entities the graph holds:", ...names.matched.map((m) => `  ${m.kind} ${m.id}: ${m.mentions.map((x) => `sentence ${x.sentence} "${x.asWritten}"`).join(", ")}`));
  if (names.candidates.length)
    lines.push(
      "Names the graph does not hold:",
      ...names.candidates.map((c) => `  ${c.kind.toLowerCase()} "${c.name}": sentence ${[...new Set(c.mentions.map((m) => m.sentence))].join(", ")}`),
    );
  let loads = true;
  try {
    loadFacts(fixtures);
    lines.push("The draft loads as it is.");
  } catch (err) {
    if (!(err instanceof FixtureError)) throw err;
    lines.push(`The draft does not load yet: ${err.message}`);
    loads = false;
  }
  lines.push(
    "Next:",
    "  1. read the sentences: citations count them, so a wrong split moves every citation after it",
    "  2. in the comments of the file, uncomment the dates and entities the source means, and correct the rest",
    "  3. declare the new names you keep in the identity file, and add the facts the source states, each with its quote",
    "  4. npm run fixtures:check",
    "See docs/add-an-article.md.",
  );
  console.log(lines.join("\n"));
  return loads ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (!(err instanceof UsageError)) throw err;
    console.error(`source:new: ${err.message}\n${USAGE}`);
    process.exitCode = 2;
  },
);
