//! What a run found, written as `bench/results/<date>.{md,json,svg}` and as the README's
//! benchmark section.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use plotters::coord::combinators::LogCoord;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::load::Outcome;
use crate::scale::Scale;
use crate::staleness::Staleness;
use crate::{Fail, best_of};

/// The README lines between these two markers are the latest run's table.
const README_START: &str = "<!-- bench:start -->";
const README_END: &str = "<!-- bench:end -->";

/// The machine and software measured.
#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    pub date: String,
    pub cores: usize,
    pub cpu: String,
    pub cognate: String,
    pub commit: String,
    pub rustc: String,
}

impl Machine {
    pub fn describe(server: &Path) -> Self {
        let run = |program: &Path, args: &[&str]| {
            Command::new(program)
                .args(args)
                .output()
                .ok()
                .filter(|out| out.status.success())
                .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
                .unwrap_or_else(|| "unknown".into())
        };
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|line| line.strip_prefix("model name"))
                    .map(|rest| rest.trim_start_matches([' ', '\t', ':']).trim().to_string())
            })
            .unwrap_or_else(|| "unknown CPU".into());
        Self {
            date: chrono::Utc::now().format("%Y-%m-%d").to_string(),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cpu,
            cognate: run(server, &["--version"]),
            commit: run(Path::new("git"), &["rev-parse", "--short", "HEAD"]),
            rustc: run(Path::new("rustc"), &["--version"]),
        }
    }
}

/// One measured request kind at each concurrency it ran at.
#[derive(Clone, Debug, Serialize)]
pub struct Phase {
    pub key: &'static str,
    pub name: &'static str,
    pub outcomes: Vec<Outcome>,
}

impl Phase {
    pub fn new(key: &'static str, name: &'static str, outcomes: Vec<Outcome>) -> Self {
        Self {
            key,
            name,
            outcomes,
        }
    }
}

/// One store's steps: the server's memory and every phase.
#[derive(Clone, Debug, Serialize)]
pub struct StoreRun {
    pub idle_rss: u64,
    pub sign_in_peak_rss: u64,
    pub peak_rss: u64,
    pub phases: Vec<Phase>,
    /// Keyed calls on a pool of one user against the same pool grown large.
    pub scale: Scale,
}

/// Everything one run measured.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub machine: Machine,
    /// `cognate bench-hash`'s own report.
    pub hash: Value,
    pub limit_per_second: f64,
    pub one_verify_ms: f64,
    pub idle_rss: u64,
    pub sign_in_peak_rss: u64,
    pub peak_rss: u64,
    /// The WebAssembly each group of pages loads (`cargo leptos build --split`).
    pub bundles: Vec<Bundle>,
    /// The steps on SQLite, the default store.
    pub phases: Vec<Phase>,
    /// SQLite's keyed calls at one user and at many.
    pub scale: Scale,
    /// The same steps on PostgreSQL.
    pub postgres: StoreRun,
    /// How soon a sign-out on one node is refused by another.
    pub staleness: Staleness,
    /// `cognate bench-breached`'s report: a breached-password check's cost.
    pub breached: Value,
}

impl Results {
    fn phase(&self, key: &str) -> &Phase {
        self.phases
            .iter()
            .find(|phase| phase.key == key)
            .expect("every phase is measured")
    }

    fn best(&self, key: &str) -> &Outcome {
        best_of(&self.phase(key).outcomes)
    }
}

/// The WebAssembly a group of pages loads: the main module, and the chunks of its lazy
/// island (the files of `__wasm_split_manifest.json` under its split point).
#[derive(Clone, Debug, Serialize)]
pub struct Bundle {
    pub pages: &'static str,
    pub raw: u64,
    pub gzip: u64,
}

/// The page groups, each with the name part of its lazy island's split point (`None`: the
/// main module only, which the sign-in flow's islands are in).
const PAGE_GROUPS: &[(&str, Option<&str>)] = &[
    ("sign-in, sign-up, confirm, reset (main module)", None),
    ("MFA (/mfa)", Some("mfa_page_loader")),
    ("account (/account)", Some("account_page_loader")),
    ("demo and files (/demo)", Some("demo_page_loader")),
    (
        "passkey offer (/passkey)",
        Some("passkey_offer_page_loader"),
    ),
    ("risk feedback (/feedback)", Some("feedback_page_loader")),
];

/// Raw and gzip-compressed (best level) sizes of `path`.
fn sizes(path: &Path) -> Result<(u64, u64), Fail> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gzip.write_all(&bytes)?;
    let compressed = gzip.finish()?;
    Ok((bytes.len() as u64, compressed.len() as u64))
}

/// What each page group loads, from `site`'s `pkg/`: the main `.wasm` (the one that is not
/// a chunk), plus for a lazy page the chunks the split manifest lists for it, each file
/// compressed on its own as it is served.
pub fn bundles(site: &Path) -> Result<Vec<Bundle>, Fail> {
    let pkg = site.join("pkg");
    let main = std::fs::read_dir(&pkg)
        .map_err(|e| format!("{}: {e}", pkg.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            name.ends_with(".wasm") && !name.starts_with("chunk_") && !name.starts_with("split_")
        })
        .ok_or_else(|| format!("no main .wasm in {}", pkg.display()))?;
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(pkg.join("__wasm_split_manifest.json")).unwrap_or_default(),
    )
    .unwrap_or(Value::Null);
    let (main_raw, main_gzip) = sizes(&main)?;
    let mut groups = Vec::new();
    for (pages, split) in PAGE_GROUPS {
        let (mut raw, mut gzip) = (main_raw, main_gzip);
        if let Some(split) = split {
            let files = manifest
                .as_object()
                .and_then(|points| points.iter().find(|(name, _)| name.starts_with(split)))
                .and_then(|(_, files)| files.as_array())
                .ok_or_else(|| format!("no split point {split} in the manifest"))?;
            for file in files.iter().filter_map(Value::as_str) {
                let (r, g) = sizes(&pkg.join(format!("{file}.wasm")))?;
                raw += r;
                gzip += g;
            }
        }
        groups.push(Bundle { pages, raw, gzip });
    }
    Ok(groups)
}

/// Writes the dated table, JSON and plot, and the README's section; gives the paths.
pub fn write(results: &Results, out: &Path, readme: &Path) -> Result<Vec<PathBuf>, Fail> {
    std::fs::create_dir_all(out)?;
    let date = &results.machine.date;
    let json_path = out.join(format!("{date}.json"));
    std::fs::write(&json_path, serde_json::to_string_pretty(results)?)?;
    let svg_path = out.join(format!("{date}.svg"));
    plot(results, &svg_path)?;
    let table = markdown(results, &format!("{date}.svg"));
    let md_path = out.join(format!("{date}.md"));
    std::fs::write(&md_path, format!("# Cognate benchmark, {date}\n\n{table}"))?;

    let mut written = vec![md_path, json_path, svg_path];
    if let Ok(text) = std::fs::read_to_string(readme)
        && let (Some(start), Some(end)) = (text.find(README_START), text.find(README_END))
        && start < end
    {
        let relative = out.join(format!("{date}.svg"));
        let section = markdown(results, &relative.to_string_lossy());
        let updated = format!(
            "{}{README_START}\n{section}{}",
            &text[..start],
            &text[end..]
        );
        std::fs::write(readme, updated)?;
        written.push(readme.to_path_buf());
    }
    Ok(written)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}

fn kb(bytes: u64) -> f64 {
    bytes as f64 / 1024.0
}

fn mark(met: bool) -> &'static str {
    if met { "met" } else { "**missed**" }
}

fn rate(outcome: &Outcome) -> String {
    format!(
        "{:.0}/s at c={} (p50 {:.1} ms, p99 {:.1} ms)",
        outcome.per_second, outcome.concurrency, outcome.p50_ms, outcome.p99_ms
    )
}

/// The summary table against the targets, then every level measured, then the plot.
pub fn markdown(results: &Results, svg: &str) -> String {
    let m = &results.machine;
    let limit = results.limit_per_second;
    let verify = results.one_verify_ms;
    let initiate = results.best("initiate_auth");
    let hosted = results.best("hosted_login");
    let half = &results.phase("initiate_auth_half_load").outcomes[0];
    let sign_up = &results.phase("sign_up").outcomes[0];
    let refresh = results.best("refresh_api");
    let refresh_oauth = results.best("refresh_oauth");
    let notes = results.best("notes_api");
    let health = results.best("health");
    let sign_in_ratio = initiate.per_second / limit;
    let hosted_ratio = hosted.per_second / limit;
    let notes_ratio = notes.per_second / health.per_second;
    let all_cores = results.hash["all_cores_measured_per_second"]
        .as_f64()
        .unwrap_or(limit)
        .max(1e-9);
    let mut text = String::new();
    text.push_str(&format!(
        "Measured {} on {} ({} cores), {}, commit {}, {}. Load from `cognate-bench` on the \
         same machine over loopback (it shares the cores); each step ran up to its time or \
         request limit. Ratios are within this run.\n\n",
        m.date, m.cpu, m.cores, m.cognate, m.commit, m.rustc
    ));
    text.push_str("| measure | result | target | |\n|---|---|---|---|\n");
    let mut row = |measure: &str, result: String, target: &str, met: Option<bool>| {
        text.push_str(&format!(
            "| {measure} | {result} | {target} | {} |\n",
            met.map_or("", mark)
        ));
    };
    row(
        "hash-bound limit (cores × 1 / argon2id verify)",
        format!(
            "{limit:.0}/s ({} × 1 / {verify:.1} ms; all cores measured together: {all_cores:.0}/s)",
            m.cores
        ),
        "",
        None,
    );
    row(
        "sign-ins, InitiateAuth USER_PASSWORD_AUTH",
        format!(
            "{} = **{:.0} %** of the limit ({:.0} % of the all-cores rate)",
            rate(initiate),
            sign_in_ratio * 100.0,
            initiate.per_second / all_cores * 100.0
        ),
        "≥ 90 %",
        Some(sign_in_ratio >= 0.9),
    );
    row(
        "sign-ins, hosted login form POST",
        format!(
            "{} = **{:.0} %** of the limit ({:.0} % of the all-cores rate)",
            rate(hosted),
            hosted_ratio * 100.0,
            hosted.per_second / all_cores * 100.0
        ),
        "≥ 90 %",
        Some(hosted_ratio >= 0.9),
    );
    row(
        "InitiateAuth p99 at half the best load (open loop)",
        format!(
            "{:.1} ms = {:.1} × one verify, {:.0}/s offered",
            half.p99_ms,
            half.p99_ms / verify,
            initiate.per_second / 2.0
        ),
        "≤ 3 × one verify",
        Some(half.p99_ms <= 3.0 * verify),
    );
    row(
        "sign-ups (SignUp: hash, SRP verifier, code email)",
        rate(sign_up),
        "",
        None,
    );
    row(
        "refreshes, REFRESH_TOKEN_AUTH",
        rate(refresh),
        "≥ 1,500/s",
        Some(refresh.per_second >= 1500.0),
    );
    row(
        "refreshes, /oauth2/token refresh_token",
        rate(refresh_oauth),
        "≥ 1,500/s",
        Some(refresh_oauth.per_second >= 1500.0),
    );
    row(
        "protected API, GET /api/demo/notes (bearer, offline verify)",
        format!(
            "{} = **{:.0} %** of /health",
            rate(notes),
            notes_ratio * 100.0
        ),
        "≥ 25,000/s and ≥ 60 % of /health",
        Some(notes.per_second >= 25_000.0 && notes_ratio >= 0.6),
    );
    let alone = results.best("sign_in_alone");
    let under_flood = results.best("sign_in_under_flood");
    let flood = results.best("flood");
    let kept = under_flood.per_second / alone.per_second.max(1e-9);
    row(
        "sign-ins while one address floods wrong passwords",
        format!(
            "{} = **{:.0} %** of the same load alone ({}); p99 {:.1} ms (alone {:.1} ms); \
             the flood: {:.0} answers/s, all refused",
            rate(under_flood),
            kept * 100.0,
            rate(alone),
            under_flood.p99_ms,
            alone.p99_ms,
            flood.per_second
        ),
        "≥ 80 % kept",
        Some(kept >= 0.8),
    );
    let without = results.best("sign_in_without_trigger");
    let with_trigger = results.best("sign_in_with_trigger");
    let beside_dead = results.best("sign_in_beside_dead_function");
    let trigger_ratio = with_trigger.per_second / without.per_second.max(1e-9);
    row(
        "sign-ins with an instant PreTokenGeneration function (Lambda Invoke API, SigV4)",
        format!(
            "{} = **{:.0} %** of the same load without ({}); p50 {:+.1} ms ({:.1} → {:.1} ms)",
            rate(with_trigger),
            trigger_ratio * 100.0,
            rate(without),
            with_trigger.p50_ms - without.p50_ms,
            without.p50_ms,
            with_trigger.p50_ms
        ),
        "≥ 80 %",
        Some(trigger_ratio >= 0.8),
    );
    let dead_ratio = beside_dead.per_second / without.per_second.max(1e-9);
    row(
        "sign-ins while another pool's trigger function never answers (64 stuck calls)",
        format!(
            "{} = **{:.0} %** of the same load without; p99 {:.1} ms (without {:.1} ms)",
            rate(beside_dead),
            dead_ratio * 100.0,
            beside_dead.p99_ms,
            without.p99_ms
        ),
        "≥ 80 % kept",
        Some(dead_ratio >= 0.8),
    );
    let totp = results.best("totp_sign_in");
    let totp_ratio = totp.per_second / limit;
    row(
        "sign-ins with an authenticator code (InitiateAuth + SOFTWARE_TOKEN_MFA)",
        format!(
            "{} = **{:.0} %** of the limit; the password sign-in row: {:.0} %",
            rate(totp),
            totp_ratio * 100.0,
            sign_in_ratio * 100.0
        ),
        "close to the password row (≥ 80 % of it)",
        Some(totp_ratio >= 0.8 * sign_in_ratio),
    );
    let passkey = results.best("passkey_sign_in");
    row(
        "sign-ins with a passkey (USER_AUTH + WEB_AUTHN, ES256: no password hash)",
        format!(
            "{} = **{:.1} ×** the password sign-in row, {:.0} % of /health",
            rate(passkey),
            passkey.per_second / initiate.per_second.max(1e-9),
            passkey.per_second / health.per_second * 100.0
        ),
        "far above the password rate (≥ 5 ×)",
        Some(passkey.per_second >= 5.0 * initiate.per_second),
    );
    let locked = results.best("locked_out");
    row(
        "a locked-out user's attempt (refused, no hash)",
        format!(
            "{} = {:.0} × the hash-bound limit, {:.0} % of /health",
            rate(locked),
            locked.per_second / limit,
            locked.per_second / health.per_second * 100.0
        ),
        "≫ the hash limit",
        Some(locked.per_second >= 10.0 * limit),
    );
    row("GET /health (reference)", rate(health), "", None);
    row(
        "server RSS idle",
        format!("{:.1} MB", mb(results.idle_rss)),
        "≤ 30 MB",
        Some(mb(results.idle_rss) <= 30.0),
    );
    row(
        "server RSS peak under sign-in load",
        format!(
            "{:.1} MB (whole run: {:.1} MB)",
            mb(results.sign_in_peak_rss),
            mb(results.peak_rss)
        ),
        "≤ 150 MB",
        Some(mb(results.sign_in_peak_rss) <= 150.0),
    );
    let lines = results.breached["lines"].as_f64().unwrap_or(0.0);
    let file_p50 = results.breached["file_p50_us"].as_f64().unwrap_or(0.0);
    let file_p99 = results.breached["file_p99_us"].as_f64().unwrap_or(0.0);
    let builtin_p50 = results.breached["builtin_p50_us"].as_f64().unwrap_or(0.0);
    let verify_us = verify * 1e3;
    row(
        &format!(
            "breached-password check in a {:.0}-million-line Have I Been Pwned file, and in the built-in corpus",
            lines / 1e6
        ),
        format!(
            "file p50 {file_p50:.1} µs, p99 {file_p99:.1} µs; built-in p50 {builtin_p50:.2} µs:              **1/{:.0}** of one argon2id verify",
            verify_us / file_p50.max(1e-3)
        ),
        "≤ 1/100 of a verify",
        Some(file_p50 * 100.0 <= verify_us),
    );
    for (at, bundle) in results.bundles.iter().enumerate() {
        // The bound is the sign-in pages' (issue 29); the other groups are reported.
        row(
            &format!("hydrate .wasm (release): {}", bundle.pages),
            format!(
                "{:.0} KB raw, **{:.0} KB gzip**",
                kb(bundle.raw),
                kb(bundle.gzip)
            ),
            if at == 0 { "≤ 200 KB gzip" } else { "" },
            (at == 0).then(|| kb(bundle.gzip) <= 200.0),
        );
    }

    for (store, scale) in [
        ("SQLite", &results.scale),
        ("PostgreSQL", &results.postgres.scale),
    ] {
        let worst = scale.worst();
        row(
            &format!(
                "keyed calls at {} users ÷ at 1 user, {store} (median of each, one call at a time)",
                scale.users_after
            ),
            format!(
                "{}; {} users added in {:.1} s",
                scale
                    .calls
                    .iter()
                    .map(|c| format!(
                        "{} **{:.2}×** ({:.2} / {:.2} ms)",
                        c.name, c.ratio, c.p50_ms_large_pool, c.p50_ms_one_user
                    ))
                    .collect::<Vec<_>>()
                    .join(", "),
                scale.users_after - 1,
                scale.seed_seconds
            ),
            "≤ 1.5×",
            Some(worst <= 1.5),
        );
    }

    text.push_str(&stores_table(results));
    text.push_str(
        "\nEvery level measured on SQLite (requests per second, p50 / p99 latency in ms):\n\n",
    );
    text.push_str("| request | concurrency | per second | p50 | p99 | requests | errors |\n");
    text.push_str("|---|---|---|---|---|---|---|\n");
    for phase in &results.phases {
        for o in &phase.outcomes {
            let concurrency = if o.concurrency == 0 {
                "open loop".to_string()
            } else {
                o.concurrency.to_string()
            };
            text.push_str(&format!(
                "| {} | {concurrency} | {:.1} | {:.2} | {:.2} | {} | {} |\n",
                phase.name, o.per_second, o.p50_ms, o.p99_ms, o.requests, o.errors
            ));
        }
    }
    text.push_str(&format!("\n![Throughput versus concurrency]({svg})\n"));
    text
}

/// SQLite's and PostgreSQL's best rate for each step, side by side, and how soon another
/// node sees a sign-out.
fn stores_table(results: &Results) -> String {
    let mut text = String::from(
        "\nThe same steps on PostgreSQL (a cluster of the bench's own on a unix socket, \
         default settings, same machine, same run), best rate of each:\n\n\
         | request | SQLite | PostgreSQL | PostgreSQL ÷ SQLite |\n|---|---|---|---|\n",
    );
    for phase in &results.phases {
        let Some(other) = results.postgres.phases.iter().find(|p| p.key == phase.key) else {
            continue;
        };
        let (sqlite, postgres) = (best_of(&phase.outcomes), best_of(&other.outcomes));
        text.push_str(&format!(
            "| {} | {} | {} | {:.2} |\n",
            phase.name,
            rate(sqlite),
            rate(postgres),
            postgres.per_second / sqlite.per_second.max(1e-9)
        ));
    }
    text.push_str(&format!(
        "| server RSS peak under sign-in load | {:.1} MB | {:.1} MB | {:.2} |\n",
        mb(results.sign_in_peak_rss),
        mb(results.postgres.sign_in_peak_rss),
        results.postgres.sign_in_peak_rss as f64 / results.sign_in_peak_rss.max(1) as f64
    ));
    let s = &results.staleness;
    text.push_str(&format!(
        "\nTwo nodes on one PostgreSQL: a global sign-out on one was refused by the other \
         after {:.1} ms at the median and {:.1} ms at most ({} sign-outs; stated bound {} s, \
         which holds even when a notification is lost).\n",
        s.p50_ms, s.max_ms, s.samples, s.bound_seconds
    ));
    text
}

/// A panel's chart: log-scale concurrency across, throughput up.
type Panel<'a, Y> = ChartContext<'a, SVGBackend<'a>, Cartesian2d<LogCoord<f64>, Y>>;

/// Two panels: sign-ins against the hash-bound limit, and the cheap requests (log scale).
fn plot(results: &Results, path: &Path) -> Result<(), Fail> {
    let root = SVGBackend::new(path, (1100, 460)).into_drawing_area();
    root.fill(&WHITE)?;
    let (left, right) = root.split_horizontally(540);

    let sign_ins = ["initiate_auth", "hosted_login"];
    let top = highest(results, &sign_ins).max(results.limit_per_second) * 1.15;
    let max_c = crate::SIGN_IN_LEVELS.iter().copied().max().unwrap_or(1) as f64;
    let mut chart = ChartBuilder::on(&left)
        .caption("Sign-ins per second", ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(50)
        .build_cartesian_2d((1.0..max_c).log_scale(), 0.0..top)?;
    draw_mesh(&mut chart)?;
    let limit = results.limit_per_second;
    chart
        .draw_series(LineSeries::new(
            [(1.0, limit), (max_c, limit)],
            BLACK.stroke_width(1),
        ))?
        .label("hash-bound limit")
        .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], BLACK));
    draw_phases(&mut chart, results, &sign_ins, &[BLUE, RED], 0.0)?;

    let fast = ["refresh_api", "refresh_oauth", "notes_api", "health"];
    let floor = 10.0;
    let top = highest(results, &fast).max(floor) * 2.0;
    let max_c = crate::FAST_LEVELS.iter().copied().max().unwrap_or(1) as f64;
    let mut chart = ChartBuilder::on(&right)
        .caption("Requests per second (log scale)", ("sans-serif", 20))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(60)
        .build_cartesian_2d((1.0..max_c).log_scale(), (floor..top).log_scale())?;
    draw_mesh(&mut chart)?;
    draw_phases(
        &mut chart,
        results,
        &fast,
        &[GREEN, MAGENTA, BLACK, CYAN],
        floor,
    )?;
    root.present()?;
    Ok(())
}

/// The best throughput of any level of the `keys` phases.
fn highest(results: &Results, keys: &[&str]) -> f64 {
    keys.iter()
        .flat_map(|key| results.phase(key).outcomes.iter().map(|o| o.per_second))
        .fold(0.0, f64::max)
}

fn draw_mesh<Y>(chart: &mut Panel<'_, Y>) -> Result<(), Fail>
where
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .light_line_style(WHITE)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_desc("concurrent connections")
        .y_desc("per second")
        .draw()?;
    Ok(())
}

/// One line with points per phase (throughput by concurrency, at least `floor`), then
/// the legend.
fn draw_phases<Y>(
    chart: &mut Panel<'_, Y>,
    results: &Results,
    keys: &[&str],
    colors: &[RGBColor],
    floor: f64,
) -> Result<(), Fail>
where
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    for (key, &color) in keys.iter().zip(colors) {
        let phase = results.phase(key);
        let points: Vec<(f64, f64)> = phase
            .outcomes
            .iter()
            .map(|o| (o.concurrency as f64, o.per_second.max(floor)))
            .collect();
        chart
            .draw_series(LineSeries::new(points.clone(), color.stroke_width(2)))?
            .label(phase.name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 20, y)], color.stroke_width(2)));
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 3, color.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lazy_page_group_adds_its_chunks_to_the_main_module() {
        let site = std::env::temp_dir().join(format!("cognate-bundles-{}", std::process::id()));
        let pkg = site.join("pkg");
        std::fs::create_dir_all(&pkg).unwrap();
        std::fs::write(pkg.join("cognate.wasm"), vec![1u8; 1000]).unwrap();
        std::fs::write(pkg.join("chunk_1.wasm"), vec![2u8; 100]).unwrap();
        let mut manifest = serde_json::Map::new();
        for (split, _) in PAGE_GROUPS.iter().filter_map(|(_, s)| s.map(|s| (s, ()))) {
            manifest.insert(format!("{split}_123"), serde_json::json!(["chunk_1"]));
        }
        std::fs::write(
            pkg.join("__wasm_split_manifest.json"),
            Value::Object(manifest).to_string(),
        )
        .unwrap();
        let groups = bundles(&site).unwrap();
        std::fs::remove_dir_all(&site).unwrap();
        assert_eq!(groups.len(), PAGE_GROUPS.len());
        assert_eq!(groups[0].raw, 1000);
        assert_eq!(groups[1].raw, 1100);
        assert!(groups[1].gzip > groups[0].gzip);
    }
}
