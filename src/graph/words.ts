/** English for generated descriptions and messages. */
import indefinite from "indefinite";

/** "an Accusation", "a Visit", "a Union": the article follows the word's sound (the `indefinite` package's rules). */
export function withArticle(word: string): string {
  return indefinite(word);
}
