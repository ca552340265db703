/** The one-rule demo pack the pack tests parse, as YAML text: its title and its rule's assertion can vary. */
export function demoPackYaml(title = '演示', assert = 'h.income_per_capita > params.line'): string {
  return `id: demo-pack
version: 1.0.0
title: {zh: ${title}, en: Demo}
description: test pack
params:
  line:
    type: number
    title: {zh: 标准, en: Line}
    byYear: {"2019": 3218, "2020": 4000}
rules:
  - id: demo-rule
    title: {zh: 演示规则, en: Demo rule}
    severity: error
    scope: household
    assert: ${assert}
    messages:
      below: {zh: 低于标准, en: Below the line}
    fields: [income_per_capita]
    source: test
`;
}
