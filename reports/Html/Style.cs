namespace ElectionJepsen.Reports.Html;

/// <summary>The pages' one stylesheet, inlined.</summary>
internal static class Style
{
    public const string Css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1240px;padding:0 16px 40px;color:#1d2330}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d6dae3}h3{font-size:15px;margin:16px 0 4px}
        .banner{padding:14px 18px;margin:16px 0;border-radius:6px;color:#fff}.banner p{margin:2px 0}
        .banner.valid{background:#23784a}.banner.invalid{background:#b3261e}.banner.unknown{background:#8a6d00}.banner.partly{background:#4f7a2a}
        table.checks tr.some td:nth-child(2){color:#8a6d00;font-weight:600}table.checks tr.none td:nth-child(2){color:#b3261e;font-weight:600}
        .verdict{font-size:17px;font-weight:600}.warning{font-style:italic}
        table{border-collapse:collapse}th,td{padding:3px 10px;text-align:left;border-bottom:1px solid #eceef3;vertical-align:top}
        table.kv th{color:#55607a;font-weight:500;white-space:nowrap}
        table.counts td:not(:first-child),table.stats td{text-align:right;font-variant-numeric:tabular-nums}
        pre{background:#f4f6fa;padding:8px 10px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;font-size:12px}
        .meta{color:#55607a}article.violation{border-left:3px solid #b3261e;padding-left:12px;margin:14px 0}
        svg text{font-size:11px;fill:#333}svg .lane{font-size:12px;fill:#1d2330}svg .axis{fill:#55607a}
        .timeline{border:1px solid #e1e4eb;background:#fff;margin:6px 0}
        .timeline .base,.timeline .tick,.axis-line{stroke:#c9ced9;stroke-width:1}
        .fault rect{fill:#7a4fd6;fill-opacity:.10}.fault text{fill:#5b36b0}
        .epoch{stroke:#000;stroke-opacity:.25}.epoch.tokenless{fill:#8d96a8}.claim{fill:#2d6cdf}.write-ok,.job-ok{fill:#23784a}.refused{fill:#b3261e}
        .leaderless{fill:#e0862d}.event{fill:#55607a}.violation line{stroke:#b3261e;stroke-width:1.5;stroke-dasharray:3 2}.violation circle{fill:#b3261e;stroke:#fff}
        .cdf{fill:none;stroke:#2d6cdf;stroke-width:2}.marker{stroke:#888;stroke-dasharray:2 3}.marker-label{fill:#444}
        .legend .k{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;vertical-align:middle;border-radius:2px}
        .legend .k.epoch{background:hsl(137,62%,52%)}.legend .k.claim{background:#2d6cdf}.legend .k.write-ok{background:#23784a}
        .legend .k.refused{background:#b3261e}.legend .k.fault{background:#e6ddf8}.legend .k.leaderless{background:#e0862d}
        .legend .k.violation{background:#b3261e;border-radius:50%;width:10px}.legend .k.event{background:#55607a;width:3px}
        details summary{cursor:pointer;color:#55607a}ul.logs{columns:2}
        header.page{margin:16px 0}.pill{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:600}
        .pill.valid{background:#23784a}.pill.invalid{background:#b3261e}.pill.unknown{background:#8a6d00}
        table.matrix{width:100%;table-layout:fixed}table.matrix th,table.matrix td{border:1px solid #e1e4eb}
        table.matrix thead th{background:#f4f6fa;text-align:center}table.matrix tbody th{background:#f4f6fa;white-space:nowrap;width:150px}
        td.cell ul{margin:4px 0 0;padding:0;list-style:none;font-size:12px}td.cell li.meta{color:#55607a}
        td.cell a.verdict{font-weight:700;text-decoration:none}td.cell .count{font-size:12px}
        td.cell.valid{background:#eef8f1}td.cell.valid a.verdict{color:#23784a}td.cell.invalid{background:#fbeeed}td.cell.invalid a.verdict{color:#b3261e}
        td.cell.unknown{background:#fbf5e0}td.cell.unknown a.verdict{color:#8a6d00}td.cell.empty{color:#9aa3b5;text-align:center}
        p.earlier{margin:4px 0 0;font-size:12px;color:#55607a}a.dot{text-decoration:none;font-weight:700}
        td.cell{color:#1d2330}a.dot.valid,table.runs td.valid{color:#23784a}a.dot.invalid,table.runs td.invalid{color:#b3261e}a.dot.unknown,table.runs td.unknown{color:#8a6d00}
        .grid{stroke:#e1e4eb}.group{font-size:12px;font-weight:600;fill:#1d2330}.bar .max{stroke:#1d2330;stroke-width:1.5}.bar .value{fill:#55607a}
        table.runs,table.events{font-size:12px}table.events td:first-child{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        """;
}
