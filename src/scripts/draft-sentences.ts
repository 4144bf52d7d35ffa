/**
 * `npm run fixtures:sentences -- fixtures/sources/x.txt`: prints a draft of the
 * text's `sentences` for its sources.json record, to review before pasting, and
 * on stderr the places worth a second look (an initialism such as "U.S." may end a sentence).
 */
import { readFileSync } from "node:fs";
import { proposeSentences } from "../facts/sentences";

const file = process.argv[2];
if (!file) {
  console.error("usage: npm run fixtures:sentences -- <text file>");
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
console.log(JSON.stringify(sentences, null, 2));
sentences.forEach((sentence, i) => {
  if (/(?:\p{Lu}\.){2,}\s+\p{Lu}/u.test(sentence)) console.error(`check sentence ${i + 1}: does it end after the initialism? ${sentence}`);
});
