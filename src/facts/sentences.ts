/**
 * Splits a source's text into sentences with ICU's sentence rules
 * (Intl.Segmenter), paragraph by paragraph. ICU knows that "U.S. sent" or
 * "developed... in" do not end a sentence, which a regular expression would not.
 */
export function splitSentences(text: string, locale = "en"): string[] {
  const segmenter = new Intl.Segmenter(locale, { granularity: "sentence" });
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\n/)) {
    for (const { segment } of segmenter.segment(paragraph)) {
      const sentence = segment.trim();
      if (sentence) sentences.push(sentence);
    }
  }
  return sentences;
}
