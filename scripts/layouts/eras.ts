/**
 * One workbook per export era (domain.md §4): the 2014 贫困户登记表 roster with its item-code row, a
 * 2016–2020 全国扶贫开发信息系统 person export with code columns (AAC001, AAB004 …) and coded values, a 2021+
 * 防返贫监测 全字段 export with a three-row merged header, and a township's hand-made workbook (one sheet per
 * village, a hidden sheet, a 说明 sheet, a 汇总 sheet). Each also carries the value quirks of its era.
 */
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { makeIdNumber } from '../../src/normalize/idnumber.js';
import { addRows, newWorkbook, saveWorkbook, type LayoutFixture } from '../layout-fixture.js';

const id = makeIdNumber;

/** 2014 roster: labels in row 3, the form's item codes (A4 …) in row 4; household fields on the 户主 row. */
async function form2014(dir: string): Promise<void> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('花名册');
  const rows: ExcelJS.CellValue[][] = [
    ['某县2014年贫困户登记花名册'],
    ['填报单位：某乡人民政府', null, null, null, null, null, null, null, null, null, null, '单位：元'],
    [
      '户编号',
      '姓名',
      '性别',
      '公民身份号码',
      '与户主关系',
      '民族',
      '文化程度',
      '健康状况',
      '劳动能力',
      '低保人口',
      '参加新型农村合作医疗',
      '家庭年人均纯收入',
      '贫困户属性',
    ],
    [null, 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A11', 'A12', 'A14', 'A15', 'A20', 'A3'],
    // Household 1: a 15-digit first-generation ID and a 20-digit 残疾人证号 (肢体 grade 2).
    [
      '522301001001001',
      '王大山',
      '男',
      id('522301', '19620415', '031'),
      '户主',
      '汉族',
      '小学',
      '健康',
      '普通劳动力',
      '否',
      '是',
      2650,
      '一般贫困户',
    ],
    [
      '522301001001001',
      '李秀英',
      '女',
      '522301650312042',
      '配偶',
      '汉族',
      '文盲或半文盲',
      '长期慢性病',
      '普通劳动力',
      '否',
      '是',
    ],
    [
      '522301001001001',
      '王小明',
      '男',
      `${id('522301', '19900708', '051')}42`,
      '之子',
      '汉族',
      '初中',
      '残疾',
      '丧失劳动力',
      '否',
      '是',
    ],
    // Household 2: 五保户 (the 2014 word for 特困供养).
    [
      '522301001001002',
      '张三妹',
      '女',
      id('522301', '19400101', '022'),
      '户主',
      '苗族',
      '文盲或半文盲',
      '患有大病',
      '无劳动力',
      '是',
      '是',
      1830,
      '五保户',
    ],
    ['合计', '4人'],
    ['填表人：张某某', null, null, '审核人：李某某', null, null, '填报日期：2014年10月'],
  ];
  addRows(ws, rows);
  ws.mergeCells('A1:M1');
  await saveWorkbook(wb, join(dir, 'form-2014.xlsx'));
}

/**
 * 2016–2020 system export: code headers beside Chinese ones, coded values (1/2, 01/03, 1/0), an ID stored as
 * a number, phones as floats, an Excel error, formulas with and without a cached value, negative zero;
 * household fields on the first member row only (household 2 lists the 配偶 before the 户主).
 */
async function nfx2016(dir: string): Promise<void> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('贫困人口');
  const header = [
    '县(市、区、旗)',
    '乡(镇)',
    '行政村',
    'AAC001',
    '人编号',
    'AAB002',
    'AAB004',
    'AAB003',
    'AAB006',
    '民族',
    '在校生状况',
    'AAB017',
    '劳动技能',
    '务工时间（月）',
    'AAR010',
    '贫困户属性',
    '致贫原因1',
    '联系电话',
    '人均纯收入',
  ];
  const place = ['某县', '田峰乡', '平南村'];
  const rows: ExcelJS.CellValue[][] = [
    ['全国扶贫开发信息系统 贫困人口信息（2019年度）'],
    header,
    [
      ...place,
      '452226101001001',
      '01',
      '韦文',
      id('452226', '19700303', '013'),
      '1',
      '01',
      '壮族',
      '01',
      '01',
      '普通劳动力',
      10,
      '1',
      '一般贫困户',
      '因病',
      13812345678,
      { formula: 'ROUND(16000/4,2)', result: 4000 },
    ],
    [
      ...place,
      '452226101001001',
      '02',
      '黄丽',
      id('452226', '19720505', '024'),
      '2',
      '02',
      '壮族',
      '01',
      '02',
      '02',
      '-0',
      '1',
      null,
      null,
      null,
      null,
    ],
    [
      ...place,
      '452226101001001',
      '03',
      '韦小',
      id('452226', '20080909', '017'),
      '1',
      '03',
      '壮族',
      '03',
      '01',
      '04',
      0,
      '1',
    ],
    [
      ...place,
      '452226101001001',
      '04',
      '韦二',
      452226201001010000,
      '2',
      '04',
      '壮族',
      '03',
      '01',
      '04',
      0,
      '1',
    ],
    [
      ...place,
      '452226101001002',
      '01',
      '蓝花',
      id('452226', '19800202', '028'),
      '2',
      '02',
      '瑶族',
      '01',
      '01',
      '01',
      6,
      '0',
      '低保贫困户',
      '因残',
      '13912345678.0',
      { formula: 'ROUND(9000/3,2)' },
    ],
    [
      ...place,
      '452226101001002',
      '02',
      '蓝山',
      id('452226', '19780606', '011'),
      '1',
      '01',
      '瑶族',
      '01',
      '04',
      '03',
      0,
      '0',
    ],
    [
      ...place,
      '452226101001003',
      '01',
      '莫一',
      id('452226', '19650101', '019'),
      '1',
      '01',
      '壮族',
      '01',
      '01',
      '01',
      8,
      '1',
      '一般贫困户',
      '缺资金',
      '13612345678',
      { error: '#N/A' },
    ],
  ];
  addRows(ws, rows);
  ws.mergeCells('A1:S1');
  await saveWorkbook(wb, join(dir, 'nfx-2016.xlsx'));
}

/**
 * 2021+ 防返贫监测 全字段 export: title and note rows, then a three-row header whose income group reads
 * 家庭收入情况（元）/转移性收入/其中：低保金; household fields repeated on every member row; √ for yes,
 * multi-valued health (残疾,长期慢性病 and 患有大病、残疾), an unmapped share column in percent, negative zero.
 */
async function monitoring2021(dir: string): Promise<void> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('监测对象');
  const top = [
    '县',
    '乡',
    '村',
    '户编号',
    '户类型',
    '监测对象类别',
    '姓名',
    '证件号码',
    '与户主关系',
    '健康状况',
    '是否参加城乡居民基本医疗保险',
    '家庭成员联系电话',
  ];
  const rows: ExcelJS.CellValue[][] = [
    ['某县防返贫监测对象全字段信息（2022年）'],
    ['说明：本表由系统导出，金额单位：元'],
    [...top, '家庭收入情况（元）', null, null, '人均纯收入（元）', '务工收入占比'],
    [...top.map(() => null), '工资性收入', '转移性收入', null, null, null],
    [...top.map(() => null), null, '其中：低保金', '其中：特困人员救助供养金', null, null],
  ];
  const hh1 = ['某县', '城关镇', '东风村', '450000202100001', '脱贫户', '脱贫不稳定户'];
  const hh2 = ['某县', '城关镇', '东风村', '450000202100002', '一般农户', '突发严重困难户'];
  rows.push(
    [
      ...hh1,
      '覃一',
      id('450000', '19660606', '015'),
      '户主',
      '残疾,长期慢性病',
      '是',
      '13800001111',
      12000,
      3600,
      0,
      5400,
      '65%',
    ],
    [
      ...hh1,
      '覃二',
      id('450000', '19680808', '026'),
      '配偶',
      '健康',
      '√',
      '13800002222',
      12000,
      3600,
      0,
      5400,
      '65%',
    ],
    [
      ...hh2,
      '陆三',
      id('450000', '19500303', '037'),
      '户主',
      '患有大病、残疾',
      '否',
      null,
      0,
      2400,
      4200,
      6600,
      '-0',
    ],
  );
  addRows(ws, rows);
  ws.mergeCells('A1:Q1');
  for (let c = 1; c <= top.length; c++) ws.mergeCells(3, c, 5, c);
  ws.mergeCells('M3:O3');
  ws.mergeCells('M4:M5');
  ws.mergeCells('N4:O4');
  ws.mergeCells('P3:P5');
  ws.mergeCells('Q3:Q5');
  await saveWorkbook(wb, join(dir, 'monitoring-2021.xlsx'));
}

/**
 * A township's hand-made workbook: 说明 first, one sheet per village, a hidden 码表, a 汇总 table; short
 * headers (户号, 组别, 户口人数, 电话, 年人均收入), √ for yes, abbreviations (病, 残, 全劳力, 半劳力), household
 * fields on the 户主 row only, a unit row, 合计, sign-off and footnote rows, a birth date before 1900 as text.
 */
async function township(dir: string): Promise<void> {
  const wb = newWorkbook();
  const notes = wb.addWorksheet('说明');
  addRows(notes, [['填表说明'], ['1. 每村一张表。'], ['2. 户主行填写户级信息。']]);
  const header = [
    '序号',
    '户号',
    '组别',
    '户主',
    '姓名',
    '身份证号码',
    '与户主关系',
    '出生年月',
    '健康状况',
    '劳动能力',
    '是否低保户',
    '户口人数',
    '电话',
    '年人均收入',
    '备注',
  ];
  const village = (name: string, rows: ExcelJS.CellValue[][]) => {
    const ws = wb.addWorksheet(name);
    addRows(ws, [[`某乡${name}脱贫户花名册`], ['单位：元、人'], header, ...rows]);
    ws.mergeCells('A1:O1');
  };
  village('平南村', [
    [
      1,
      '0101',
      '一组',
      '黄大',
      '黄大',
      id('452226', '19600101', '011'),
      '户主',
      '1960-01-01',
      '病',
      '半劳力',
      '√',
      3,
      13712345678.0,
      5200,
      null,
    ],
    [
      2,
      '0101',
      '一组',
      null,
      '韦二',
      id('452226', '19620202', '022'),
      '配偶',
      '1962-02-02',
      '健康',
      '全劳力',
      null,
    ],
    [
      3,
      '0101',
      '一组',
      null,
      '黄三',
      id('452226', '19900303', '033'),
      '之子',
      '1990-03-03',
      '残',
      '无劳力',
      null,
    ],
    [
      4,
      '0102',
      '二组',
      '李老',
      '李老',
      id('452226', '18991120', '015'),
      '户主',
      '1899-11-20',
      '大病',
      '无劳力',
      '√',
      1,
      null,
      3900,
      '高龄',
    ],
    ['合计', null, null, null, '4人'],
    ['制表人：某某', null, null, null, '审核人：某某'],
    ['注：1. 年人均收入为上年度数据。'],
  ]);
  village('百云村', [
    [
      1,
      '0201',
      '三组',
      '蒙四',
      '蒙四',
      id('452226', '19750505', '017'),
      '户主',
      '1975-05-05',
      '健康',
      '全劳力',
      null,
      2,
      '13512345678',
      6100,
      null,
    ],
    [
      2,
      '0201',
      '三组',
      null,
      '蒙五',
      id('452226', '20050606', '028'),
      '之女',
      '2005-06-06',
      '健康',
      '无劳力',
      null,
    ],
  ]);
  const lookup = wb.addWorksheet('码表');
  lookup.state = 'hidden';
  addRows(lookup, [
    ['户号', '姓名', '身份证号码'],
    ['0101', '黄大', id('452226', '19600101', '011')],
  ]);
  const total = wb.addWorksheet('汇总');
  addRows(total, [
    ['村', '户数', '人数', '人均纯收入'],
    ['平南村', 2, 4, 4700],
    ['百云村', 1, 2, 6100],
  ]);
  await saveWorkbook(wb, join(dir, 'township-handmade.xlsx'));
}

export const layouts: LayoutFixture[] = [
  { name: 'form-2014.xlsx', build: form2014 },
  { name: 'nfx-2016.xlsx', build: nfx2016 },
  { name: 'monitoring-2021.xlsx', build: monitoring2021 },
  { name: 'township-handmade.xlsx', build: township },
];
