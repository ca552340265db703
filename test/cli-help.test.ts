/**
 * --help through the i18n catalogue: Chinese by default, English with --lang en or an English locale; every
 * command's help, commander's own titles and notes included.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';

const COMMANDS = [['check'], ['diff'], ['inspect'], ['rules'], ['packs'], ['packs', 'validate']];

describe('--help', () => {
  it('is Chinese by default, for the program and every command', () => {
    const top = runCli(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^用法： ledgerlint \[选项\] \[命令\]/);
    expect(top.stdout).toMatch(/check \[选项\] <台账\.\.\.>/);
    expect(top.stdout).toMatch(/help \[命令\]/);
    expect(top.stdout).toContain('命令：');
    expect(top.stdout.replace(/\s+/g, '')).toContain('检查台账（xlsx、xls、csv、tsv），报告每一处问题');
    expect(top.stdout).toContain('显示某个命令的帮助');
    for (const command of COMMANDS) {
      const run = runCli([...command, '--help']);
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.stdout, command.join(' ')).toContain('选项：');
      expect(run.stdout, command.join(' ')).toContain('显示帮助');
      // commander's English words would show through untranslated descriptions or notes.
      expect(run.stdout, command.join(' ')).not.toMatch(/Usage:|Options:|display help|choices:|default:/);
      // commander's usage words and the arguments' names, in the usage line and the argument and command lists.
      expect(run.stdout, command.join(' ')).not.toMatch(
        /\[options\]|\[command\]|[<[](inputs|old|new|action|id|file|dir|name|format|lang|encoding)\b|^ {2}(inputs|old|new|action|id|file) /m,
      );
    }
    expect(runCli(['diff', '--help']).stdout).toMatch(/^用法： ledgerlint diff \[选项\] <上期> <本期>/);
    expect(runCli(['rules', '--help']).stdout).toMatch(/^用法： ledgerlint rules \[选项\] \[操作\] \[编号\]/);
    expect(runCli(['packs', '--help']).stdout).toMatch(/validate \[选项\] <文件>/);
    expect(runCli(['help', 'inspect']).stdout).toMatch(/^用法： ledgerlint inspect \[选项\] <台账\.\.\.>/);
    // A missing argument is named as --help names it.
    const missing = runCli(['diff', 'old.xlsx']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('缺少参数 本期');
    // Descriptions wrap at 80 columns: compared without white space.
    const check = runCli(['check', '--help']).stdout.replace(/\s+/g, '');
    expect(check).toContain('出现该级别及以上的问题时退出码为1（可选：error,warning,info；默认：error）');
    expect(check).toContain('把唯一一种未指定文件的格式写入此文件');
    expect(check).toContain('--config<文件>');
    expect(check).toContain('--format<名称[=文件]>');
  });

  it('is English with --lang en or an English locale', () => {
    const en = runCli(['check', '--lang', 'en', '--help']);
    expect(en.code).toBe(0);
    expect(en.stdout).toMatch(/^Usage: ledgerlint check \[options\] <inputs\.\.\.>/);
    expect(en.stdout.replace(/\s+/g, ' ')).toContain(
      'exit 1 when a finding of this severity or worse exists (choices: error, warning, info, default: error)',
    );
    expect(en.stdout).not.toMatch(/选项|用法|显示帮助|台账/);
    expect(runCli(['--help', '--lang', 'en']).stdout).toMatch(/^Usage: ledgerlint \[options\] \[command\]/);
    expect(runCli(['rules', '--help', '--lang', 'en']).stdout).toMatch(
      /^Usage: ledgerlint rules \[options\] \[action\] \[id\]/,
    );
    expect(runCli(['diff', 'old.xlsx', '--lang', 'en']).stderr).toContain('Missing argument new');

    const locale = runCli(['rules', '--help'], { env: { LANG: 'en_US.UTF-8' } });
    expect(locale.stdout).toContain('Options:');
    expect(locale.stdout).toContain('also list the built-in finding types');
    const forcedZh = runCli(['rules', '--help', '--lang', 'zh'], { env: { LANG: 'en_US.UTF-8' } });
    expect(forcedZh.stdout).toContain('同时列出内置问题类型');
  });
});
