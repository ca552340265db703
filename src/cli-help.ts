/**
 * commander's help in the user's language: every description comes from the i18n catalogue
 * (messages/help.ts), and so do the section titles and commander's own notes (choices, default), which
 * commander writes in English. Wrapping counts a Chinese character as two columns and breaks Chinese text,
 * which has no spaces to break at: wrap-ansi and string-width do what commander's space-splitting cannot.
 * The placeholders of the usage line, the command list and the options are translated as well: commander's
 * `[options]` and `[command]`, the names of the arguments (`<inputs...>`) and option values (`<file>`), from
 * `help.arg.<name>`.
 */
import { createRequire } from 'node:module';
import { Help, type Argument, type Command, type Option } from 'commander';
import type stringWidthFn from 'string-width';
import type wrapAnsiFn from 'wrap-ansi';
import { lookup, message } from './i18n/catalogue.js';
import type { Lang } from './i18n/types.js';

/**
 * string-width and wrap-ansi are loaded when help is drawn, not on every run (~50 ms of start-up): commander asks
 * for widths synchronously, so they are required (require of an ES module: Node ≥ 20.19, as package.json asks).
 */
const requireLazily = createRequire(import.meta.url);
let widthTools: { stringWidth: typeof stringWidthFn; wrapAnsi: typeof wrapAnsiFn } | undefined;
function helpWidthTools(): { stringWidth: typeof stringWidthFn; wrapAnsi: typeof wrapAnsiFn } {
  widthTools ??= {
    stringWidth: (requireLazily('string-width') as { default: typeof stringWidthFn }).default,
    wrapAnsi: (requireLazily('wrap-ansi') as { default: typeof wrapAnsiFn }).default,
  };
  return widthTools;
}

/** A help text of the catalogue (`help.<id>`) in the language. */
export function helpText(lang: Lang, id: string, data: Readonly<Record<string, unknown>> = {}): string {
  return message(`help.${id}`, lang, data);
}

/** A placeholder's name (an argument's, or commander's `options`, `command`) in the language; unknown: as is. */
export function argumentName(lang: Lang, name: string): string {
  return lookup(`help.arg.${name}`) === undefined ? name : helpText(lang, `arg.${name}`);
}

/**
 * The placeholders of a usage line, a command term or an option term with their names translated: commander's
 * `[options]` and `[command]`, `<inputs...>`, `[id]`, and the values of options (`<file>`, `<id|path>`,
 * `<name[=file]>`); each name within a bracketed word, the rest of the word kept.
 */
function usageWords(lang: Lang, text: string): string {
  return text
    .split(' ')
    .map((word) =>
      word.startsWith('<') || word.startsWith('[')
        ? word.replace(/[a-z]+/g, (name) => argumentName(lang, name))
        : word,
    )
    .join(' ');
}

/**
 * Set the localized help on the program before its subcommands are added: commander copies the help option,
 * the help command and the help configuration to every command created afterwards.
 */
export function localizeHelp(program: Command, lang: Lang): Command {
  const extra = (
    item: {
      argChoices?: string[];
      defaultValue?: unknown;
      defaultValueDescription?: string;
      presetArg?: unknown;
      optional?: boolean;
    },
    showDefault: boolean,
  ): string[] => {
    const notes: string[] = [];
    if (item.argChoices) notes.push(helpText(lang, 'choices', { choices: item.argChoices.join(', ') }));
    if (showDefault && item.defaultValue !== undefined) {
      const value = item.defaultValueDescription ?? String(item.defaultValue);
      notes.push(helpText(lang, 'default', { value }));
    }
    if (item.presetArg !== undefined && item.optional) {
      notes.push(helpText(lang, 'preset', { value: String(item.presetArg) }));
    }
    return notes;
  };
  const withNotes = (description: string, notes: string[]): string => {
    if (notes.length === 0) return description;
    const note = helpText(lang, 'extra', { extra: notes.join(helpText(lang, 'extra-separator')) });
    return description ? `${description}${lang === 'zh' ? '' : ' '}${note}` : note;
  };
  return program
    .helpOption('-h, --help', helpText(lang, 'help'))
    .helpCommand('help [command]', helpText(lang, 'help-command'))
    .configureHelp({
      styleTitle: (title: string) => helpText(lang, `title.${title}`),
      commandUsage(this: Help, command: Command) {
        return usageWords(lang, Help.prototype.commandUsage.call(this, command));
      },
      subcommandTerm(this: Help, command: Command) {
        return usageWords(lang, Help.prototype.subcommandTerm.call(this, command));
      },
      argumentTerm: (argument: Argument) => argumentName(lang, argument.name()),
      optionTerm: (option: Option) => usageWords(lang, option.flags),
      // As commander's own, with the notes in the language; booleans and negations show no default.
      optionDescription: (option: Option) =>
        withNotes(option.description, extra(option, option.required || option.optional)),
      argumentDescription: (argument: Argument) => withNotes(argument.description, extra(argument, true)),
      displayWidth: (text: string) => helpWidthTools().stringWidth(text),
      boxWrap: (text: string, width: number) =>
        width < 40 ? text : helpWidthTools().wrapAnsi(text, width, { hard: true, trim: true }),
    });
}
