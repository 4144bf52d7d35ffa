/**
 * `npm run fixtures:sentences -- fixtures/sources/<id>/text.txt`: drafts the text's `sentences`
 * into the source file beside it (source.yaml, or source.json where that is the one there),
 * keeping everything else in it, comments too; a new source file is started when there is none.
 * On stderr, the places worth a second look (an initialism such as "U.S." may end a sentence).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { SOURCE_FILES } from "../facts/source-file";
import { mayEndAfterInitialism, proposeSentences } from "../facts/sentences";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run fixtures:sentences -- <text file>  (writes its sentences into the source.yaml beside it)");
  process.exit(2);
}
let text: string;
try {
  text = readFileSync(file, "utf8").trim();
} catch {
  console.error(`cannot read ${file}`);
  process.exit(1);
}
const sentences = proposeSentences(text);
const folder = path.dirname(file);
const existing = SOURCE_FILES.map((name) => path.join(folder, name)).find((candidate) => existsSync(candidate));
const target = existing ?? path.join(folder, SOURCE_FILES[0]);
if (target.endsWith(".json")) {
  const data = JSON.parse(readFileSync(target, "utf8")) as Record<string, unknown>;
  writeFileSync(target, `${JSON.stringify({ ...data, sentences }, null, 2)}\n`);
} else {
  const schema = path.relative(folder, path.resolve(__dirname, "..", "..", "schema", "source.schema.json"));
  const document = parseDocument(
    existing ? readFileSync(target, "utf8") : `# yaml-language-server: $schema=${schema}\ntextFile: ${path.basename(file)}\n`,
  );
  if (document.errors.length > 0) {
    console.error(`cannot update ${target}: ${document.errors[0]!.message}`);
    process.exit(1);
  }
  document.set("sentences", sentences);
  writeFileSync(target, document.toString({ lineWidth: 0 }));
}
console.log(`${existing ? "updated" : "started"} ${target}: ${sentences.length} sentences`);
if (!existing) console.error("then give it kind, language, title, publisher, byline, url and publishedOn (docs/fixtures.md)");
sentences.forEach((sentence, i) => {
  if (mayEndAfterInitialism(sentence)) console.error(`check sentence ${i + 1}: does it end after the initialism? ${sentence}`);
});
