/**
 * CSV dialects detected from content: tab-separated under a .csv name, semicolons in UTF-8 with a BOM and a
 * quoted field holding a line break, GB18030 (what Excel calls ANSI/GBK) with commas, and a UTF-8 file
 * without BOM. Plus a file that is no ledger at all, for the "cannot understand" message.
 */
import { join } from 'node:path';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import { toDelimited, writeTextFile, type LayoutFixture } from '../layout-fixture.js';

const HEADER = ['户编号', '姓名', '证件号码', '与户主关系', '性别', '出生日期', '家庭成员联系电话', '备注'];

function people(): string[][] {
  return [
    [
      '450000300100001',
      '甘一',
      makeIdNumber('450000', '19700101', '011'),
      '户主',
      '男',
      '1970-01-01',
      '13800001111',
      '',
    ],
    [
      '450000300100001',
      '甘二',
      makeIdNumber('450000', '19720202', '022'),
      '03',
      '女',
      '1972/2/2',
      '13800002222.0',
      '住址：\n某村3组',
    ],
    [
      '450000300100002',
      '欧三',
      makeIdNumber('450000', '19800303', '033'),
      '户主',
      '1',
      '19800303',
      '',
      '#N/A',
    ],
  ];
}

export const layouts: LayoutFixture[] = [
  {
    name: 'tab-separated.csv',
    async build(dir) {
      writeTextFile(join(dir, 'tab-separated.csv'), toDelimited([HEADER, ...people()], '\t'), 'utf8');
    },
  },
  {
    name: 'semicolon-bom.csv',
    async build(dir) {
      writeTextFile(join(dir, 'semicolon-bom.csv'), toDelimited([HEADER, ...people()], ';'), 'utf8-bom');
    },
  },
  {
    name: 'gbk-comma.csv',
    async build(dir) {
      const title = ['某村脱贫人口名单（2020年）'];
      writeTextFile(join(dir, 'gbk-comma.csv'), toDelimited([title, HEADER, ...people()], ','), 'gb18030');
    },
  },
  {
    name: 'utf8-comma.csv',
    async build(dir) {
      writeTextFile(join(dir, 'utf8-comma.csv'), toDelimited([HEADER, ...people()], ','), 'utf8');
    },
  },
  {
    name: 'not-a-ledger.csv',
    async build(dir) {
      const rows = [['会议记录'], ['时间', '地点', '议题'], ['2020-05-01', '村委会', '产业项目']];
      writeTextFile(join(dir, 'not-a-ledger.csv'), toDelimited(rows, ','), 'gb18030');
    },
  },
];
