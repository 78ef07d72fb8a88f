"""The command line: `partnergraph ingest | extract | evaluate | queries | query | cypher | export | serve | neo4j`."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import click
from pydantic import SecretStr

from api.export import FORMATS, export
from api.output import render
from api.wiring import document_reader, extraction_registry
from graph.errors import PartnergraphError
from graph.model import REVIEWS, Decision, Merge, StatementSet, parse_link_id
from graph.open import open_store
from graph.settings import Settings
from graph.store import GraphStore, QueryResult
from ingest.load import load
from queries import get_query, load_queries, run_named

FORMAT = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                      show_default=True, help="Output format.")


class Group(click.Group):
    """Turns a user's mistake into one readable line and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PartnergraphError as exc:
            raise click.ClickException(str(exc)) from exc


def settings_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """An option for every setting (`--backend`, `--db`, `--neo4j-uri` …), each also read from its
    PARTNERGRAPH_* variable, with the setting's default and description."""
    for name, spec in reversed(Settings.model_fields.items()):
        default = spec.default.get_secret_value() if isinstance(spec.default, SecretStr) else spec.default
        kind: Any = str if default is None else type(default)
        if get_origin(spec.annotation) is Literal:
            kind = click.Choice(get_args(spec.annotation))
        elif isinstance(default, Path):
            kind = click.Path(path_type=Path)
        secret = spec.annotation is SecretStr or SecretStr in get_args(spec.annotation)
        command = click.option(f"--{name.replace('_', '-')}", name, type=kind, default=default,
                               envvar=f"PARTNERGRAPH_{name.upper()}", show_default=not secret,
                               help=spec.description)(command)
    return command


@click.group(cls=Group)
@settings_options
@click.pass_context
def cli(ctx: click.Context, **settings: Any) -> None:
    """partnergraph: a knowledge graph of industry–education partnerships."""
    ctx.obj = Settings(**settings)


def _store(ctx: click.Context) -> GraphStore:
    store = open_store(ctx.obj)
    ctx.call_on_close(store.close)
    return store


def _key_values(items: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        out[key.strip()] = value.strip()
    return out


def _json_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def _echo(result: QueryResult, fmt: str) -> None:
    click.echo(render(result.rows, fmt, result.columns))
    if result.truncated:
        click.echo("(cut at the row cap: narrow the query)", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Load curated files (.yaml/.csv), statement sets (.json) and articles (.txt/.html), all or nothing."""
    store = _store(ctx)
    reader = document_reader(store, extractor=ctx.obj.extractor)
    # progress goes to stderr, and only where someone watches: a pipe or a log gets the summary alone
    shown = sys.stderr.isatty()
    written = [0]

    def reading(path: Path) -> None:
        if shown:
            click.echo(f"\rread {path.name[:60]:<60} {written[0]:>9,} organisations and links written",
                       err=True, nl=False)

    def writing(n: int) -> None:
        written[0] += n

    report = load(store, paths, read_document=reader, progress=reading, write_progress=writing)
    if shown:
        click.echo("", err=True)
    u = report.upsert
    click.echo(f"Loaded {len(report.files)} file(s) into {store.version()}: "
               f"{u.nodes_added} organisations added, {u.nodes_merged} merged; "
               f"{u.relations_added} links added, {u.relations_merged} merged "
               f"({u.evidence_added} new pieces of evidence); {u.sources_added} new sources.")


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", default="", help="Source URL of the article (default: the sidecar FILE.url, if any).")
@click.option("--format", "fmt", type=click.Choice(["json", "summary"]), default="json", show_default=True)
@click.pass_context
def extract(ctx: click.Context, file: Path, url: str, fmt: str) -> None:
    """Print the statement set (JSON contract) extracted from a Russian news article (.txt/.html)."""
    from ingest.statements import dump_statements

    doc = dump_statements(document_reader(_store(ctx), url=url, extractor=ctx.obj.extractor)(file, []))
    if fmt == "json":
        click.echo(json.dumps(doc, ensure_ascii=False, indent=1))
        return
    for e in doc["entities"]:
        click.echo(f"{e['id']:<40} {e['kind']:<18} {e['name']}")
    for r in doc["relations"]:
        status = f"/{r['status']}" if r.get("status") else ""
        click.echo(f"{r['type']:<18} {r['source']} -> {r['target']} [{r['tier']}{status}]  {r['evidence'][:90]}")


@cli.command()
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--tier", type=click.Choice(["explicit", "implied"]), default=None,
              help="Score only gold links of this tier (and predictions of the same tier).")
@click.option("--verbose", "-v", is_flag=True, help="List missed and spurious links.")
@click.pass_context
def evaluate(ctx: click.Context, gold: Path, file: Path, tier: str | None, verbose: bool) -> None:
    """Score extraction of FILE (an article, or an extracted .json) against GOLD: P/R/F1 per type."""
    from ingest.evaluate import evaluate_file, format_scores
    from ingest.extractors import get_extractor

    scores = evaluate_file(gold, file, extraction_registry(_store(ctx)), tier=tier,
                           extractor=get_extractor(ctx.obj.extractor))
    click.echo(format_scores(scores, f"{file.name} vs {gold.name}" + (f" (tier {tier})" if tier else "")))
    if verbose:
        click.echo(f"missed:   {scores['missed']}")
        click.echo(f"spurious: {scores['spurious']}")


@cli.command("queries")
def list_queries() -> None:
    """List the named queries and their parameters."""
    for q in load_queries().values():
        params = ", ".join(p.name + ("" if p.required else f"={p.default}") + f" ({p.type})" for p in q.params)
        click.echo(f"{q.name}({params})\n    {q.title}. {q.description}")


@cli.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A parameter; repeat for more.")
@FORMAT
@click.pass_context
def query(ctx: click.Context, name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run a named query, e.g. `query common_partners --param a=МИЭТ --param b=МАИ`."""
    raw = _key_values(params)
    answer = run_named(_store(ctx), get_query(name), raw)
    if fmt == "table" and answer.resolved:
        click.echo("; ".join(f"{k} = {v['name']} ({v['id']})" for k, v in answer.resolved.items()), err=True)
    _echo(answer.result, fmt)


@cli.command()
@click.argument("text")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="A $parameter (JSON or text).")
@FORMAT
@click.pass_context
def cypher(ctx: click.Context, text: str, params: tuple[str, ...], fmt: str) -> None:
    """Run read-only Cypher; anything that writes is refused before it runs."""
    values = {k: _json_or_text(v) for k, v in _key_values(params).items()}
    _echo(_store(ctx).run_readonly(text, values), fmt)


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="graphml", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@click.pass_context
def export_cmd(ctx: click.Context, fmt: str, output: Path | None) -> None:
    """Export the whole graph: GraphML and GEXF open in Gephi."""
    text = export(_store(ctx), fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)
    else:
        click.echo(text)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the HTTP API and the explorer (open /explore)."""
    import uvicorn

    from api.app import create_app

    click.echo(f"partnergraph: http://{host}:{port}/explore  (API docs: http://{host}:{port}/docs)")
    uvicorn.run(create_app(ctx.obj), host=host, port=port, log_level="warning")


@cli.group(cls=Group)
def neo4j() -> None:
    """A local Neo4j 5.26 server, assembled from Maven Central (no Docker needed)."""


def _server_config(port: int, password: str | None, **memory: str | None) -> Any:
    from graph.neo4j_server import ServerConfig

    given: dict[str, Any] = {"password": password, **memory}
    return ServerConfig(port=port, **{k: v for k, v in given.items() if v})


PORT = click.option("--port", default=7687, show_default=True, type=int)


@neo4j.command()
@PORT
@click.option("--password", envvar="PARTNERGRAPH_NEO4J_PASSWORD", default=None,
              help="Initial password of user neo4j (default: partnergraph).")
@click.option("--heap", default=None, help="JVM heap, e.g. 4g (default 1g; big loads need more).")
@click.option("--pagecache", default=None, help="Page cache, e.g. 1g (default 256m).")
def start(port: int, password: str | None, heap: str | None, pagecache: str | None) -> None:
    """Install (first time, ~125 MB from Maven Central) and start Neo4j on 127.0.0.1."""
    from graph.neo4j_server import start as start_server

    st = start_server(_server_config(port, password, heap=heap, pagecache=pagecache),
                      log=lambda m: click.echo(m, err=True))
    click.echo(f"Neo4j {st.version} running at {st.uri} (pid {st.pid}); log: {st.log_path}")


@neo4j.command()
def install() -> None:
    """Download Neo4j's jars from Maven Central (once; cached), without starting it."""
    from graph.neo4j_server import ServerConfig
    from graph.neo4j_server import install as install_server

    install_server(ServerConfig(), log=lambda m: click.echo(m, err=True))
    click.echo("Neo4j is installed.")


@neo4j.command()
@PORT
def stop(port: int) -> None:
    """Stop the local Neo4j server."""
    from graph.neo4j_server import stop as stop_server

    click.echo("stopped" if stop_server(_server_config(port, None)) else "was not running")


@neo4j.command()
@PORT
def status(port: int) -> None:
    """Say whether the local Neo4j server runs."""
    from graph.neo4j_server import status as server_status

    st = server_status(_server_config(port, None))
    click.echo(f"running at {st.uri} (pid {st.pid}), Neo4j {st.version}" if st.running else "not running")


# ---------------------------------------------------------------- review: people decide what the graph asserts

@cli.group(cls=Group)
def review() -> None:
    """The review queue and decisions: accept or reject a link, merge two organisations.

    Decisions go into the graph and into the decisions folder (--decisions, default data/decisions),
    from where every later `ingest` of that folder applies them again.
    """


REVIEWER = click.option("--reviewer", default=lambda: os.environ.get("USER") or "cli", show_default="$USER",
                        help="Who decides.")


@review.command("list")
@click.option("--status", type=click.Choice([*REVIEWS, "any"]), default="unreviewed", show_default=True)
@click.option("--org", default="", help="Only links of this organisation (any name form).")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1, 100_000))
@FORMAT
@click.pass_context
def review_list(ctx: click.Context, status: str, org: str, limit: int, fmt: str) -> None:
    """Links to review, the most-connected organisations' first, each with its evidence."""
    from queries import resolve_org
    from queries.review import queue

    store = _store(ctx)
    org_id = resolve_org(store, org)["id"] if org else ""
    rows = queue(store, "" if status == "any" else status, org_id, limit)
    if fmt != "table":
        click.echo(render(rows, fmt))
        return
    for r in rows:
        click.echo(f"{r['id']}  [{r['review']}, {r['tier']}{'/' + r['status'] if r['status'] else ''}]")
        click.echo(f"  {r['source_name']}  —{r['type']}→  {r['target_name']}")
        for quote, url, date in zip(r["quotes"] or [], r["urls"] or [], r["dates"] or [""] * 99):
            click.echo(f"    «{quote}»" + (f"  — {url}" if url else "") + (f" ({date})" if date else ""))
    click.echo(f"({len(rows)} link(s))", err=True)


def _decide(ctx: click.Context, record: Decision | Merge) -> None:
    from ingest.decisions import append

    report = _store(ctx).upsert(StatementSet(**({"decisions": (record,)} if isinstance(record, Decision)
                                                else {"merges": (record,)})))
    if isinstance(record, Decision) and not report.decisions_applied:
        raise click.ClickException(f"No link {record.link!r} in the graph. See `partnergraph review list`.")
    if isinstance(record, Merge) and not report.merged_away:
        raise click.ClickException(f"No organisation {record.id!r} in the graph to merge.")
    path = append(ctx.obj.decisions, record)
    click.echo(f"{'Merged' if isinstance(record, Merge) else record.review.capitalize()}: "
               f"{record.id + ' into ' + record.into if isinstance(record, Merge) else record.link} "
               f"(kept in {path})")


def _link_id(value: str) -> str:
    try:
        parse_link_id(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


@review.command("accept")
@click.argument("link_id", callback=lambda ctx, p, v: _link_id(v))
@click.option("--note", default="", help="Why (optional).")
@REVIEWER
@click.pass_context
def review_accept(ctx: click.Context, link_id: str, note: str, reviewer: str) -> None:
    """Accept a link (LINK_ID is TYPE:source_id:target_id)."""
    from ingest.decisions import now

    _decide(ctx, Decision(link=link_id, decision="accept", note=note, reviewer=reviewer, at=now()))


@review.command("reject")
@click.argument("link_id", callback=lambda ctx, p, v: _link_id(v))
@click.option("--note", required=True, help="Why the link is wrong (required).")
@REVIEWER
@click.pass_context
def review_reject(ctx: click.Context, link_id: str, note: str, reviewer: str) -> None:
    """Reject a link: queries, /graph and the explorer leave it out, and it stays rejected when a later
    article states it again, until someone accepts it."""
    from ingest.decisions import now

    _decide(ctx, Decision(link=link_id, decision="reject", note=note, reviewer=reviewer, at=now()))


@review.command("merge")
@click.argument("org_id")
@click.argument("into_id")
@click.option("--note", default="", help="Why they are one organisation.")
@REVIEWER
@click.pass_context
def review_merge(ctx: click.Context, org_id: str, into_id: str, note: str, reviewer: str) -> None:
    """Merge organisation ORG_ID into INTO_ID: its links, mentions and name forms move there."""
    from ingest.decisions import now

    _decide(ctx, Merge(id=org_id, into=into_id, note=note, reviewer=reviewer, at=now()))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """What the graph holds: organisations by kind, region and federal district; links by type, year and
    review state; sources by publisher and year."""
    from queries.stats import stats as graph_stats

    found = graph_stats(_store(ctx))
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=1))
        return
    for section, parts in found.items():
        click.echo(f"== {section}")
        for name, value in parts.items():
            if isinstance(value, dict):
                shown = list(value.items())
                more = f", … {len(shown) - 25} more" if len(shown) > 25 else ""
                click.echo(f"  {name}: " + ", ".join(f"{k} {v}" for k, v in shown[:25]) + more)
            else:
                click.echo(f"  {name}: {value}")
