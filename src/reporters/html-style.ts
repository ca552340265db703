/**
 * The inline style sheet of the HTML report. System fonts only (the report must look right offline, on a
 * Windows PC with 微软雅黑 as on Linux with Noto CJK); CSS that Chromium 60-era browsers understand (flexbox,
 * no CSS nesting, no :has()); a print layout without the controls.
 */
export const HTML_STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f4f6f9;color:#1f2933;font:14px/1.55 "Microsoft YaHei","微软雅黑","PingFang SC","Hiragino Sans GB","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",Arial,sans-serif}
.page-head{background:#1d3c5e;color:#fff;padding:20px 32px 18px}
.page-head h1{margin:0 0 4px;font-size:24px;font-weight:600;letter-spacing:1px}
.subtitle{margin:0;color:#c9d6e3}
.files{margin:6px 0 0;padding:0;list-style:none;color:#c9d6e3;font-size:13px}
.files .file{color:#fff;font-weight:600}
.verdict{display:inline-block;margin:12px 8px 0 0;padding:5px 12px;border-radius:4px;font-weight:600}
.verdict.bad{background:#fde8e8;color:#a61b1b}
.verdict.warn{background:#fff4dc;color:#8a5a00}
.verdict.good{background:#e3f6e8;color:#17663a}
main{max-width:1280px;margin:0 auto;padding:18px 32px 8px}
section{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:16px 20px;margin:0 0 18px}
h2{margin:0 0 12px;font-size:17px;color:#1d3c5e;border-left:4px solid #1d3c5e;padding-left:8px}
.cards{display:flex;flex-wrap:wrap;background:none;border:0;padding:0}
.card{flex:1 1 160px;background:#fff;border:1px solid #dde3ea;border-top:4px solid #5b7a99;border-radius:6px;padding:12px 16px;margin:0 12px 0 0}
.card:last-child{margin-right:0}
.card .value{font-size:30px;font-weight:700;line-height:1.2}
.card .label{color:#52606d}
.card .sub{color:#7b8794;font-size:12px}
.card.bad{border-top-color:#d64545}.card.bad .value{color:#b42318}
.card.warn{border-top-color:#e8a33d}.card.warn .value{color:#9a6400}
.card.good{border-top-color:#3f9b5e}.card.good .value{color:#17663a}
.std-row{display:flex;align-items:center;padding:5px 0;border-bottom:1px dashed #e6ebf0}
.std-label{flex:0 0 300px;padding-right:12px}
.std-label code{display:block;color:#7b8794;font-size:11px}
.std-bar{flex:0 0 400px;max-width:45%;height:16px}
.std-bar .track{fill:#e6ebf0}
.std-bar.good .fill{fill:#3f9b5e}.std-bar.warn .fill{fill:#e8a33d}.std-bar.bad .fill{fill:#d64545}
.std-value{padding-left:12px;white-space:nowrap;font-weight:600}
.legend{margin:0 0 8px;padding:0;list-style:none;display:flex;flex-wrap:wrap}
.legend li{margin:0 18px 4px 0;font-size:13px}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
.chart{max-width:100%;height:auto;font-size:12px}
.chart .grid{stroke:#e6ebf0}.chart .axis{stroke:#7b8794}
.chart .tick,.chart .axis-label{fill:#52606d}
.chart .town{fill:#1f2933;font-size:13px;font-weight:600}
.chart .value{fill:#1f2933;font-weight:600}.chart .value.zero{fill:#9aa5b1;font-weight:400}
.controls{display:flex;flex-wrap:wrap;align-items:center;margin:0 0 10px}
.controls input,.controls select{font:inherit;padding:5px 8px;border:1px solid #c3ccd6;border-radius:4px;margin:0 10px 6px 0;background:#fff}
.controls input{min-width:260px}
.scroll{overflow-x:auto}
table.data{border-collapse:collapse;width:100%;font-size:13px}
table.data th,table.data td{border-bottom:1px solid #e6ebf0;padding:5px 8px;text-align:left;vertical-align:top}
table.data th{background:#eef2f6;color:#323f4b;white-space:nowrap;font-weight:600}
table.data th.wrap{white-space:normal;min-width:96px;max-width:150px}
table.data td[data-value]{white-space:nowrap}
table.data tbody tr:nth-child(even){background:#fafbfc}
table.data tbody tr:hover{background:#eef6ff}
table.data td.bad{color:#b42318;font-weight:600}
table.data td.num{text-align:right}
#villages-table td+td+td{text-align:right}
#villages-table td:nth-child(2){text-align:left}
th button{font:inherit;font-weight:600;color:inherit;background:none;border:0;padding:0;cursor:pointer}
th button:after{content:" \\2195";color:#9aa5b1}
th[aria-sort=ascending] button:after{content:" \\2191";color:#1d3c5e}
th[aria-sort=descending] button:after{content:" \\2193";color:#1d3c5e}
.sev{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;white-space:nowrap}
.sev.error{background:#fde8e8;color:#a61b1b}.sev.warning{background:#fff4dc;color:#8a5a00}.sev.info{background:#e6f0fb;color:#1d4f8a}
.mono,code{font-family:Consolas,"Courier New",monospace}
.where{color:#52606d;font-size:12px;min-width:180px}
.nowrap,td code{white-space:nowrap}
.muted{color:#7b8794}.small{font-size:12px}
.note{background:#fff8e6;border-left:3px solid #e8a33d;padding:6px 10px}
[hidden]{display:none!important}
footer{text-align:center;color:#7b8794;font-size:12px;padding:4px 0 24px}
@media print{body{background:#fff}.controls{display:none}section{break-inside:avoid-page;border:0}.page-head{background:#fff;color:#000}}
`;
