export type Lang = 'zh' | 'en';

/** A message template in both languages; `{{name}}` placeholders are filled from finding or error data. */
export interface LocalizedText {
  readonly zh: string;
  readonly en: string;
}

/** A slice of the message catalogue, keyed by message id ("io.file-not-found"). */
export type MessageCatalogue = Readonly<Record<string, LocalizedText>>;
