/**
 * Renders docs/fields.md from the dictionary: the field tables per section and every code list.
 * Pure and deterministic (no dates, no environment): the drift test compares the file with this output.
 */
import {
  CODE_LISTS,
  FIELDS,
  type CodeEntry,
  type CodeList,
  type FieldDef,
} from '../../src/dictionary/index.js';

const SECTIONS: readonly {
  readonly title: string;
  readonly intro: string;
  readonly pick: (f: FieldDef) => boolean;
}[] = [
  {
    title: '行政区划 / Administrative divisions',
    intro: 'Level `household`: the same on every row of a household.',
    pick: (f) => f.admin === true,
  },
  {
    title: '户 / Household fields',
    intro:
      'Level `household`: one value per household (户编号), repeated on its member rows or filled on the 户主 row only.',
    pick: (f) => f.admin !== true && f.level === 'household',
  },
  {
    title: '人 / Person fields',
    intro: 'Level `person`: one value per member row.',
    pick: (f) => f.level === 'person',
  },
];

export function renderFieldsDoc(): string {
  const out: string[] = [];
  out.push('# 字段与代码表 / Fields and code lists');
  out.push('');
  out.push('<!-- Generated from src/dictionary by `npm run docs`. Do not edit by hand. -->');
  out.push('');
  out.push(
    'The canonical data dictionary of ledgerlint. Rule packs and the JSON report use the **key**; ' +
      'readers map a header to a key through its 中文 label or one of its **aliases**, compared after ' +
      'normalization: no whitespace or line breaks, full-width forms folded, unit brackets such as （元）, （月）, ' +
      '（亩）, （平方米） and a leading 其中： dropped, ASCII lowercased. A flattened two-row header `parent/child` ' +
      'is tried as `parentchild`, then as `child`.',
  );
  out.push('');
  out.push(
    'Enum values are the canonical **labels** of the code list. A cell matches a label, a synonym or a code; ' +
      'numeric codes match by value (`03`, `3` and `3.0` are the same code). Entries marked † are inferred ' +
      '(not read in a cited source): rules may use them, but check them against real exports.',
  );
  out.push('');

  for (const section of SECTIONS) {
    const fields = FIELDS.filter(section.pick);
    out.push(`## ${section.title}`);
    out.push('');
    out.push(section.intro);
    out.push('');
    out.push('| key | 中文 | English | type | code list | aliases | notes |');
    out.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const f of fields) {
      out.push(
        row([
          `\`${f.key}\``,
          f.zh,
          f.en,
          typeOf(f),
          f.codeList === undefined ? '' : `[${f.codeList}](#list-${f.codeList})`,
          f.aliases.map(code).join(', '),
          f.description ?? '',
        ]),
      );
    }
    out.push('');
  }

  out.push('## 代码表 / Code lists');
  out.push('');
  const used = new Map<string, string[]>();
  for (const f of FIELDS)
    if (f.codeList !== undefined) used.set(f.codeList, [...(used.get(f.codeList) ?? []), f.key]);
  for (const list of CODE_LISTS) renderList(out, list, used.get(list.id) ?? []);

  return `${out.join('\n').trimEnd()}\n`;
}

function renderList(out: string[], list: CodeList, fields: readonly string[]): void {
  out.push(`<a id="list-${list.id}"></a>`);
  out.push('');
  out.push(`### ${list.zh} — ${list.en} (\`${list.id}\`)`);
  out.push('');
  out.push(
    `Used by: ${fields.length === 0 ? '(no field; available to coercion and rules)' : fields.map(code).join(', ')}.`,
  );
  out.push('');
  out.push(`Source: ${list.source}`);
  out.push('');
  out.push('| label | codes | synonyms | English | note |');
  out.push('| --- | --- | --- | --- | --- |');
  for (const e of list.entries) out.push(entryRow(e));
  out.push('');
}

function entryRow(e: CodeEntry): string {
  return row([
    e.inferred === true ? `${e.label} †` : e.label,
    (e.codes ?? []).map(code).join(', '),
    (e.synonyms ?? []).join('、'),
    e.en ?? '',
    e.note ?? '',
  ]);
}

function typeOf(f: FieldDef): string {
  const extras: string[] = [];
  if (f.format !== undefined) extras.push(f.format);
  if (f.multi === true) extras.push('multi');
  if (f.unit !== undefined) extras.push(f.unit);
  return extras.length === 0 ? f.type : `${f.type} (${extras.join(', ')})`;
}

function code(s: string): string {
  return `\`${s}\``;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`;
}
