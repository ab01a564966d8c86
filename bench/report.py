#!/usr/bin/env python3
"""bench/report.py - results.json into results.md and latency.svg.

bench/run calls write_all(); run by hand, `bench/report.py RESULTS.json
[OUTDIR]` rewrites the Markdown and the chart from a results file.

Peers are shown as a ratio to lrmsearch (peer / lrmsearch), since absolute
numbers move from machine to machine.  The goals are those of the benchmark
issue: end-to-end within 1.2x of quest; warm p50 and p99 at 100k papers at
most a fifth of FTS5's; indexing at 100k at least twice a plain
single-process build.
"""

import json
import math
import os
import sys

GOAL_E2E = 1.2      # lrmsearch / quest, at most
GOAL_WARM = 0.2     # lrmsearch / FTS5 (p50 and p99), at most
GOAL_INDEX = 2.0    # --jobs 2 / --jobs 1 docs/s, at least
GOAL_SIZE = 100000  # the corpus size the warm and indexing goals name


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------

def fmt_us(us):
    if us is None:
        return "–"
    if us < 1000:
        return f"{us:.0f} µs"
    if us < 1e6:
        return f"{us / 1e3:.2f} ms" if us < 1e5 else f"{us / 1e3:.0f} ms"
    return f"{us / 1e6:.2f} s"


def fmt_s(s):
    return "–" if s is None else (f"{s:.2f} s" if s < 100 else f"{s:.0f} s")


def fmt_bytes(b):
    if b is None:
        return "–"
    for unit, size in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if b >= size:
            return f"{b / size:.1f} {unit}"
    return f"{b} B"


def fmt_num(x, digits=0):
    return "–" if x is None else f"{x:,.{digits}f}"


def fmt_ratio(x):
    if x is None:
        return "–"
    return f"{x:.2f}×" if x < 10 else f"{x:.0f}×"


def size_name(label):
    if label == "bundled":
        return "bundled"
    n = int(label)
    if n >= 1000000 and n % 1000000 == 0:
        return f"{n // 1000000}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def table(head, rows):
    out = ["| " + " | ".join(head) + " |",
           "|" + "|".join(" --- " for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


# ---------------------------------------------------------------------------
# Looking things up
# ---------------------------------------------------------------------------

def corpora(r):
    return [c["label"] for c in r["corpora"]]


def docs_of(r, label):
    for c in r["corpora"]:
        if c["label"] == label:
            return c["docs"]
    return None


def largest(r):
    sized = [c for c in r["corpora"] if c["label"] != "bundled"]
    return max(sized, key=lambda c: c["docs"])["label"] if sized else "bundled"


def warm(r, engine, count, corpus, threads=1, cls="all"):
    for w in r["warm"]:
        if (w["engine"], w["count"], w["corpus"], w["threads"], w["class"]) == \
                (engine, count, corpus, threads, cls):
            return w
    return None


def index_row(r, engine, corpus, jobs=None):
    for i in r["indexing"]:
        if i["engine"] == engine and i["corpus"] == corpus and \
                (jobs is None or i["jobs"] == jobs):
            return i
    return None


def incr_row(r, engine, corpus):
    for i in r["incremental"]:
        if i["engine"] == engine and i["corpus"] == corpus:
            return i
    return None


def e2e_by_tool(r):
    """{tool: {query: row}} and the queries in order."""
    tools, queries = {}, []
    for e in r["e2e"]:
        tools.setdefault(e["tool"], {})[e["query"]] = e
        if e["tool"] == "lrmsearch":
            queries.append(e["query"])
    return tools, queries


def div(a, b):
    return a / b if a is not None and b else None


def geomean(xs):
    xs = [x for x in xs if x]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


# ---------------------------------------------------------------------------
# Goals
# ---------------------------------------------------------------------------

def goals(r):
    """The issue's goals: a list of dicts (name, target, measured, met,
    margin text, where)."""
    out = []
    big = largest(r)
    where = f"at {size_name(big)} papers"
    if docs_of(r, big) != GOAL_SIZE:
        where += f" (the goal names {size_name(str(GOAL_SIZE))})"

    tools, queries = e2e_by_tool(r)
    lrm, quest = tools.get("lrmsearch", {}), tools.get("quest", {})
    ratios = [div(lrm[q]["p50_us"], quest[q]["p50_us"])
              for q in queries if q in quest]
    g = geomean(ratios)
    if g is not None:
        over = sum(1 for x in ratios if x > GOAL_E2E)
        met = g <= GOAL_E2E
        margin = (f"{GOAL_E2E / g:.2f}× inside the limit" if met else
                  f"{g / GOAL_E2E:.2f}× over the limit: lrmsearch must get "
                  f"{(1 - GOAL_E2E / g) * 100:.0f}% faster end to end")
        ls = tools.get("lrmsearch-start", {}).get("")
        qs = tools.get("quest-start", {}).get("")
        if ls and qs:
            net = geomean([div(lrm[q]["p50_us"] - ls["p50_us"],
                               quest[q]["p50_us"] - qs["p50_us"])
                           for q in queries if q in quest and
                           quest[q]["p50_us"] > qs["p50_us"] and
                           lrm[q]["p50_us"] > ls["p50_us"]])
            if net:
                margin += (f"; after each program's start (--version: "
                           f"{fmt_us(ls['p50_us'])} and "
                           f"{fmt_us(qs['p50_us'])}), the search itself "
                           f"takes {fmt_ratio(net)} quest's")
        out.append({"goal": "end-to-end lrmsearch ÷ quest, same query "
                            "(geometric mean over the queries)",
                    "where": "bundled index",
                    "target": f"≤ {GOAL_E2E}×", "measured": fmt_ratio(g),
                    "met": met,
                    "margin": margin + f"; {over} of {len(ratios)} queries "
                              f"above {GOAL_E2E}×, worst {fmt_ratio(max(ratios))}"})
    else:
        out.append({"goal": "end-to-end lrmsearch ÷ quest", "where":
                    "bundled index", "target": f"≤ {GOAL_E2E}×",
                    "measured": "not measured (no quest)", "met": None,
                    "margin": "install xapian-tools"})

    # The reason for the goal is Xapian's top-k matcher: top 10
    # with Xapian's estimated count, which is what lrmsearch does above
    # 10,000 papers, against FTS5's ORDER BY bm25() LIMIT 10, which scores
    # every match.  Exact counts (--json, --count, --facets) defeat top-k
    # matching: the same comparison with them, for information.
    for count, name, info in (
            ("estimate", "top 10 with Xapian's estimated count (what "
                         "lrmsearch does above 10,000 papers) ÷ FTS5 "
                         "ORDER BY bm25() LIMIT 10", False),
            ("exact", "top 10 and an exact count (what --json, --count "
                      "and --facets do) ÷ FTS5 with count(*)", True)):
        for pct in ("p50", "p99"):
            a = warm(r, "lrm", count, big)
            b = warm(r, "fts5", count, big)
            key = f"{pct}_us"
            x = div(a and a[key], b and b[key])
            goal = (f"warm {pct}, 1 thread, lrmsearch {name}" +
                    (" (informational)" if info else ""))
            if x is None:
                out.append({"goal": goal, "where": where,
                            "target": f"≤ {GOAL_WARM}×",
                            "measured": "not measured", "met": None,
                            "margin": "FTS5 not built"})
                continue
            met = x <= GOAL_WARM
            margin = (f"{GOAL_WARM / x:.1f}× inside the limit" if met else
                      f"{x / GOAL_WARM:.1f}× over the limit: lrmsearch "
                      f"{fmt_us(a[key])} against the "
                      f"{fmt_us(b[key] * GOAL_WARM)} allowed")
            out.append({"goal": goal, "where": where,
                        "target": f"≤ {GOAL_WARM}×",
                        "measured": f"{fmt_ratio(x)} ({fmt_us(a[key])} vs "
                                    f"{fmt_us(b[key])})",
                        "met": met, "margin": margin})

    # Indexing: at the largest corpus where the single-process baselines
    # were built (bench/run --baseline-max).
    based = [lab for lab in corpora(r) if index_row(r, "xapian", lab)]
    at = max(based, key=lambda lab: docs_of(r, lab)) if based else big
    iwhere = f"at {size_name(at)} papers"
    if docs_of(r, at) != GOAL_SIZE:
        iwhere += (f" (the goal names {size_name(str(GOAL_SIZE))}: "
                   f"bench/run --baseline-max {GOAL_SIZE} measures it there)")
    j2 = index_row(r, "lrm", at, 2)
    f = index_row(r, "fts5", at)
    for engine, jobs, name, info in (
            ("xapian", 1, "a plain single-process Xapian build (one "
                          "database, Xapian's own commits)", False),
            ("lrm", 1, "lrmindex build --jobs 1 (one process, one "
                       "database, lrmindex's commits)", True)):
        b = index_row(r, engine, at, jobs)
        x = div(j2 and j2["docs_per_s"], b and b["docs_per_s"])
        if x is None:
            continue
        met = x >= GOAL_INDEX
        margin = (f"{x / GOAL_INDEX:.2f}× the target" if met else
                  f"reaches {x / GOAL_INDEX * 100:.0f}% of the target: "
                  f"{j2['docs_per_s']:.0f} docs/s against the "
                  f"{b['docs_per_s'] * GOAL_INDEX:.0f} needed")
        if f and not info:
            margin += (f"; FTS5 builds {f['docs_per_s']:.0f} docs/s, "
                       f"{f['docs_per_s'] / j2['docs_per_s']:.1f}× "
                       f"lrmsearch --jobs 2")
        out.append({"goal": f"indexing docs/s, lrmindex build --jobs 2 ÷ "
                            f"{name}" + (" (informational)" if info else ""),
                    "where": iwhere, "target": f"≥ {GOAL_INDEX}×",
                    "measured": f"{fmt_ratio(x)} ({j2['docs_per_s']:.0f} vs "
                                f"{b['docs_per_s']:.0f} docs/s)",
                    "met": met, "margin": margin})
    return out


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

def markdown(r):
    big = largest(r)
    m = r.get("machine", {})
    lines = [f"# lrmsearch benchmark results ({r['mode']} run)", ""]
    lines.append(
        f"{r['started']}, {r.get('duration_s', 0):.0f} s.  Machine: "
        f"{m.get('cpu', '?')}, {m.get('nproc', '?')} cores, "
        f"{m.get('ram_gib', '?')} GiB RAM, {m.get('os', '?')}, Linux "
        f"{m.get('kernel', '?')}; Xapian {m.get('xapian', '?')}, SQLite "
        f"{m.get('sqlite', '?')}.  Load average at the start "
        f"{m.get('load_start')}, at the end {m.get('load_end')} (above the "
        f"core count, other work shared the machine and wall-clock times "
        f"are inflated; the CPU times beside them are not).")
    lines.append("")

    # -- the one table of ratios --
    lines += ["## Peers as a ratio to lrmsearch", "",
              "peer ÷ lrmsearch: for times and sizes, above 1× means "
              "lrmsearch is smaller or faster; for throughput (docs/s, "
              "queries/s), above 1× means the peer is faster.", ""]
    rows = []
    tools, queries = e2e_by_tool(r)

    def e2e_mean(tool, key="p50_us"):
        t = tools.get(tool, {})
        vals = [t[q][key] for q in queries if q in t]
        return sum(vals) / len(vals) if vals else None

    lrm_e2e = e2e_mean("lrmsearch")
    true = tools.get("true", {}).get("")
    for tool, name in (("quest", "Xapian quest"), ("grep", "grep -i"),):
        v = e2e_mean(tool)
        if v is not None:
            rows.append(["end-to-end process, bundled index (mean of "
                         "per-query medians)", fmt_us(lrm_e2e), name, fmt_us(v),
                         fmt_ratio(div(v, lrm_e2e))])
    if true:
        rows.append(["end-to-end process, bundled index", fmt_us(lrm_e2e),
                     "/bin/true (process start floor)", fmt_us(true["p50_us"]),
                     fmt_ratio(div(true["p50_us"], lrm_e2e))])
    bn = size_name(big)
    for pct in ("p50", "p99"):
        a, b = warm(r, "lrm", "exact", big), warm(r, "fts5", "exact", big)
        if a and b:
            rows.append([f"warm {pct}, {bn} papers, 1 thread, top 10 + exact "
                         f"count", fmt_us(a[f"{pct}_us"]), "SQLite FTS5",
                         fmt_us(b[f"{pct}_us"]),
                         fmt_ratio(div(b[f"{pct}_us"], a[f"{pct}_us"]))])
    for pct in ("p50", "p99"):
        a, b = warm(r, "lrm", "estimate", big), warm(r, "fts5", "estimate", big)
        if a and b:
            rows.append([f"warm {pct}, {bn} papers, 1 thread, top 10 only "
                         f"(Xapian's estimated count; FTS5 counts nothing)",
                         fmt_us(a[f"{pct}_us"]), "SQLite FTS5",
                         fmt_us(b[f"{pct}_us"]),
                         fmt_ratio(div(b[f"{pct}_us"], a[f"{pct}_us"]))])
    a, b = warm(r, "lrm", "exact", big, 2), warm(r, "fts5", "exact", big, 2)
    if a and b:
        rows.append([f"queries/s, {bn} papers, 2 threads",
                     fmt_num(a["qps"]), "SQLite FTS5", fmt_num(b["qps"]),
                     fmt_ratio(div(b["qps"], a["qps"]))])
    j2 = index_row(r, "lrm", big, 2)
    f = index_row(r, "fts5", big)
    if j2 and f:
        rows.append([f"indexing docs/s, {bn} papers (lrmindex --jobs 2)",
                     fmt_num(j2["docs_per_s"]), "SQLite FTS5",
                     fmt_num(f["docs_per_s"]),
                     fmt_ratio(div(f["docs_per_s"], j2["docs_per_s"]))])
    for lab in corpora(r):
        xp, k2 = index_row(r, "xapian", lab), index_row(r, "lrm", lab, 2)
        if xp and k2 and lab == max(
                (x for x in corpora(r) if index_row(r, "xapian", x)),
                key=lambda x: docs_of(r, x)):
            rows.append([f"indexing docs/s, {size_name(lab)} papers "
                         f"(lrmindex --jobs 2)", fmt_num(k2["docs_per_s"]),
                         "plain single-process Xapian build",
                         fmt_num(xp["docs_per_s"]),
                         fmt_ratio(div(xp["docs_per_s"], k2["docs_per_s"]))])
    if j2 and f:
        rows.append([f"index size on disk, {bn} papers", fmt_bytes(j2["bytes"]),
                     "SQLite FTS5", fmt_bytes(f["bytes"]),
                     fmt_ratio(div(f["bytes"], j2["bytes"]))])
    il, iff = incr_row(r, "lrm", big), incr_row(r, "fts5", big)
    if il and iff:
        rows.append([f"re-import after 5% changed, {bn} papers (lrmindex: "
                     f"an update of the live index)", fmt_s(il["wall_s"]),
                     "SQLite FTS5 (rows updated in place)",
                     fmt_s(iff["wall_s"]), fmt_ratio(div(iff["wall_s"],
                                                         il["wall_s"]))])
    lines += [table(["measure", "lrmsearch", "peer", "peer's value",
                     "peer ÷ lrmsearch"], rows), ""]

    # -- goals --
    lines += ["## Goals (from the benchmark issue)", ""]
    grow = []
    for g in goals(r):
        met = {True: "met", False: "**not met**", None: "not measured"}[g["met"]]
        if "(informational)" in g["goal"] and g["met"] is False:
            met = "not met"
        grow.append([g["goal"], g["where"], g["target"], g["measured"], met,
                     g["margin"]])
    lines += [table(["goal", "where", "target", "measured", "", "by how much"],
                    grow), ""]

    # -- warm latency by size --
    lines += ["## Warm query latency", "",
              "Every query of bench/queries.txt, index opened once per "
              "thread; wall-clock percentiles over all runs of all queries, "
              "and the median CPU time of the thread.  *exact*: top 10 and "
              "every match counted (what lrmsearch does up to 10,000 papers, "
              "and with --json); FTS5 `ORDER BY bm25() LIMIT 10` plus "
              "`count(*)`.  *top 10*: Xapian's estimated count; FTS5 without "
              "the count.", ""]
    rows = []
    for label in corpora(r):
        for engine, count, name in (("lrm", "exact", "lrmsearch, exact"),
                                    ("fts5", "exact", "FTS5, exact"),
                                    ("lrm", "estimate", "lrmsearch, top 10"),
                                    ("fts5", "estimate", "FTS5, top 10")):
            w1 = warm(r, engine, count, label, 1)
            w2 = warm(r, engine, count, label, 2)
            if not w1:
                continue
            rows.append([size_name(label), name, fmt_us(w1["p50_us"]),
                         fmt_us(w1["p95_us"]), fmt_us(w1["p99_us"]),
                         fmt_us(w1["max_us"]), fmt_us(w1.get("cpu_p50_us")),
                         fmt_num(w1.get("qps")),
                         fmt_num(w2.get("qps")) if w2 else "–",
                         fmt_us(w2["p50_us"]) if w2 else "–",
                         fmt_us(w2["p99_us"]) if w2 else "–"])
    lines += [table(["papers", "engine", "p50", "p95", "p99", "max", "CPU p50",
                     "q/s 1 thread", "q/s 2 threads", "p50 2 threads",
                     "p99 2 threads"], rows), ""]

    # -- per class at the largest size --
    classes = []
    for w in r["warm"]:
        if w["class"] != "all" and w["class"] not in classes:
            classes.append(w["class"])
    rows = []
    for cls in classes:
        a = warm(r, "lrm", "exact", big, 1, cls)
        b = warm(r, "fts5", "exact", big, 1, cls)
        if not a:
            continue
        rows.append([cls, fmt_us(a["p50_us"]), fmt_us(a["p99_us"]),
                     fmt_us(b["p50_us"]) if b else "–",
                     fmt_us(b["p99_us"]) if b else "–",
                     fmt_ratio(div(b and b["p50_us"], a["p50_us"]))])
    lines += [f"### By query class, {bn} papers, 1 thread, exact counts", "",
              "A class has 3 to 6 queries run 10 to 20 times each: with "
              "fewer than 100 runs its p99 is its slowest run.", "",
              table(["class", "lrmsearch p50", "lrmsearch p99", "FTS5 p50",
                     "FTS5 p99", "FTS5 ÷ lrmsearch (p50)"], rows), ""]

    # -- match counts of both engines at the largest size --
    rows = []
    for q in r["queries"]:
        if q["engine"] != "lrm" or q["count"] != "exact" or q["corpus"] != big:
            continue
        other = [x for x in r["queries"] if x["engine"] == "fts5" and
                 x["count"] == "exact" and x["corpus"] == big and
                 x["query"] == q["query"]]
        rows.append([q["class"], f"`{q['query']}`", fmt_num(q["matches"]),
                     fmt_us(q["p50_us"]),
                     fmt_num(other[0]["matches"]) if other else "–",
                     fmt_us(other[0]["p50_us"]) if other else "–"])
    lines += [f"### Each query, {bn} papers (matches differ where lrmsearch "
              f"expands the field's abbreviations, which FTS5 does not, and "
              f"in phrases, whose words FTS5 stems)", "",
              table(["class", "query", "lrmsearch matches", "lrmsearch p50",
                     "FTS5 matches", "FTS5 p50"], rows), ""]

    # -- indexing --
    rows = []
    for label in corpora(r):
        for engine, jobs, name in (("xapian", 1, "plain Xapian"),
                                   ("lrm", 1, "lrmindex --jobs 1"),
                                   ("lrm", 2, "lrmindex --jobs 2"),
                                   ("fts5", None, "SQLite FTS5")):
            i = index_row(r, engine, label, jobs)
            if not i:
                continue
            rows.append([size_name(label), name, i["driver"], fmt_s(i["wall_s"]),
                         fmt_s(i["cpu_s"]), fmt_num(i["docs_per_s"]),
                         fmt_bytes(i["bytes"])])
    lines += ["## Indexing", "",
              "Wall-clock time from the YAML files to a finished index (CPU: "
              "user and system time of every process).  *plain Xapian*: the "
              "same documents in one process and one database, committed "
              "when Xapian decides to (every 10,000 documents), the baseline "
              "of the goal; *lrmindex --jobs 1*: one process that commits "
              "every 1,000 papers; *--jobs 2*: two processes building "
              "shards, then merged.  Corpora too large for `lrmindex build` "
              "(one abstracts file of at most 64 MB) are built by "
              "bench_build, which calls the same lrm_index_build().",
              "", table(["papers", "engine", "driver", "wall", "CPU", "docs/s",
                         "size on disk"], rows), ""]
    rows = []
    for i in r["incremental"]:
        if i["engine"] == "lrm":
            done = (fmt_num(i["indexed"]) if i.get("updated") else
                    "all (a full build)") if "indexed" in i else "?"
        else:
            done = fmt_num(i.get("changed"))
        rows.append([size_name(i["corpus"]),
                     "lrmindex" if i["engine"] == "lrm"
                     else "SQLite FTS5", i["kind"], fmt_s(i["wall_s"]),
                     fmt_s(i["cpu_s"]), done])
    lines += ["### Re-import after 5% of the papers changed", "",
              "`lrmindex build` updates a copy of the live index: it finds "
              "the papers whose record or abstract changed by their "
              "fingerprints, indexes only those again, and swaps the copy "
              "in.  FTS5 rewrites the rows whose text changed, in place.", "",
              table(["papers", "engine", "what", "wall", "CPU",
                     "papers rewritten"], rows), ""]

    # -- end to end --
    rows = []
    for q in queries:
        lq = tools["lrmsearch"][q]
        qq = tools.get("quest", {}).get(q)
        gq = tools.get("grep", {}).get(q)
        rows.append([f"`{q}`", fmt_us(lq["p50_us"]), fmt_us(lq["cpu_p50_us"]),
                     fmt_us(qq["p50_us"]) if qq else "–",
                     fmt_ratio(div(lq["p50_us"], qq and qq["p50_us"])),
                     fmt_us(gq["p50_us"]) if gq else "–"])
    starts = []
    for tool, name in (("true", "/bin/true"),
                       ("lrmsearch-start", "lrmsearch --version"),
                       ("quest-start", "quest --version")):
        t = tools.get(tool, {}).get("")
        if t:
            starts.append(f"{name} {fmt_us(t['p50_us'])}")
    lines += ["## End to end, bundled index", "",
              f"Whole processes, start to exit, in interleaved rounds "
              f"({r['config'].get('e2e_reps')} each); medians.  What "
              f"starting a program costs before it searches: "
              f"{', '.join(starts) or '–'} (the last two load libxapian "
              f"and libstdc++).", "",
              table(["query", "lrmsearch", "lrmsearch CPU", "quest",
                     "lrmsearch ÷ quest", "grep -i"], rows), ""]

    rel = r.get("relevance")
    if rel:
        lines += ["## Relevance (tests/test_relevance.sh)", "",
                  f"P@5 = {rel['p_at_5']:.3f}, nDCG@10 = {rel['ndcg_at_10']:.3f}"
                  f" over {rel['topic_queries']} judged topic queries; "
                  f"{rel['passed']} judgments passed, {rel['failed']} failed, "
                  f"{rel['known_failures']} known failures.", ""]
    phases = r.get("phases")
    if phases:
        total = r.get("duration_s") or sum(phases.values())
        rows = [[k, fmt_s(v), f"{v / total * 100:.0f}%"]
                for k, v in sorted(phases.items(), key=lambda kv: -kv[1])]
        lines += ["## Where the run's time went", "",
                  table(["phase", "wall", "share"], rows), ""]
    for n in r.get("notes", []):
        lines.append(f"Note: {n}")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------------------
# SVG
# ---------------------------------------------------------------------------

def decade_us(e):
    """The label of 10^E microseconds: "100 µs", "10 ms", "1 s"."""
    if e < 3:
        return f"{10 ** e} µs"
    if e < 6:
        return f"{10 ** (e - 3)} ms"
    return f"{10 ** (e - 6)} s"


def svg(r):
    """p50 and p99 warm latency against corpus size, log-log, lrmsearch and
    FTS5 (1 thread): with exact counts, and lrmsearch's top 10 with an
    estimated count (what a plain search does above 10,000 papers)."""
    series = [("lrm", "exact", "p50_us", "lrmsearch p50", "#1f6fb4", ""),
              ("lrm", "exact", "p99_us", "lrmsearch p99", "#1f6fb4", "6,4"),
              ("lrm", "estimate", "p50_us", "lrmsearch top-k p50", "#2e9a4a",
               ""),
              ("lrm", "estimate", "p99_us", "lrmsearch top-k p99", "#2e9a4a",
               "6,4"),
              ("fts5", "exact", "p50_us", "SQLite FTS5 p50", "#d0542b", ""),
              ("fts5", "exact", "p99_us", "SQLite FTS5 p99", "#d0542b",
               "6,4")]
    pts = {}
    for engine, count, key, *_ in series:
        pts[(engine, count, key)] = [
            (docs_of(r, c), warm(r, engine, count, c)[key])
            for c in corpora(r) if warm(r, engine, count, c)]
    xs = [x for v in pts.values() for x, _ in v]
    ys = [y for v in pts.values() for _, y in v if y > 0]
    W, H, L, R, T, B = 740, 440, 96, 190, 40, 60
    if not xs or not ys:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" '
                f'height="80"><text x="10" y="40">no data</text></svg>\n')
    x0, x1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)

    def px(x):
        return L + (math.log10(x) - x0) / (x1 - x0) * (W - L - R)

    def py(y):
        return H - B - (math.log10(max(y, 10 ** y0)) - y0) / (y1 - y0) * \
            (H - T - B)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{W / 2 - R / 2 + L / 2}" y="22" text-anchor="middle" '
           f'font-size="14">Warm query latency against corpus size (1 thread,'
           f' top 10; exact counts unless top-k)</text>']
    for e in range(x0, x1 + 1):
        x = px(10 ** e)
        out.append(f'<line x1="{x:.1f}" y1="{T}" x2="{x:.1f}" y2="{H - B}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{x:.1f}" y="{H - B + 18}" text-anchor="middle">'
                   f'{size_name(str(10 ** e)) if e >= 3 else 10 ** e}</text>')
    for e in range(y0, y1 + 1):
        y = py(10 ** e)
        out.append(f'<line x1="{L}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" '
                   f'stroke="#ddd"/>')
        out.append(f'<text x="{L - 8}" y="{y + 4:.1f}" text-anchor="end">'
                   f'{decade_us(e)}</text>')
    out.append(f'<rect x="{L}" y="{T}" width="{W - L - R}" height="{H - T - B}"'
               f' fill="none" stroke="#888"/>')
    out.append(f'<text x="{(L + W - R) / 2}" y="{H - 18}" text-anchor="middle">'
               f'papers in the index (log scale)</text>')
    out.append(f'<text x="22" y="{(T + H - B) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 22 {(T + H - B) / 2})">latency (log '
               f'scale)</text>')
    for i, (engine, count, key, name, colour, dash) in enumerate(series):
        p = sorted(pts[(engine, count, key)])
        if not p:
            continue
        d = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in p)
        out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" '
                   f'stroke-width="2" stroke-dasharray="{dash}"/>')
        for x, y in p:
            out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3.5" '
                       f'fill="{colour}"><title>{name}, {x} papers: '
                       f'{fmt_us(y)}</title></circle>')
        ly = T + 20 + i * 22
        out.append(f'<line x1="{W - R + 15}" y1="{ly}" x2="{W - R + 45}" '
                   f'y2="{ly}" stroke="{colour}" stroke-width="2" '
                   f'stroke-dasharray="{dash}"/>')
        out.append(f'<text x="{W - R + 52}" y="{ly + 4}">{name}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write_all(r, outdir):
    r["goals"] = goals(r)
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "results.json"), "w", encoding="utf-8") as f:
        json.dump(r, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(outdir, "results.md"), "w", encoding="utf-8") as f:
        f.write(markdown(r))
    with open(os.path.join(outdir, "latency.svg"), "w", encoding="utf-8") as f:
        f.write(svg(r))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        print("usage: report.py RESULTS.json [OUTDIR]", file=sys.stderr)
        sys.exit(2)
    with open(sys.argv[1], encoding="utf-8") as f:
        results = json.load(f)
    write_all(results, sys.argv[2] if len(sys.argv) == 3 else
              os.path.dirname(os.path.abspath(sys.argv[1])))
