//! The memory and CPU of a server under test, read from `/proc/<pid>` while a
//! load runs: resident set size sampled every 100 ms (peak and mean) and the
//! CPU time the process used over the run, as a share of one core.

use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::oneshot;

const SAMPLE_EVERY: Duration = Duration::from_millis(100);

/// What the process used during one load.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Usage {
    pub peak_rss_mb: f64,
    pub mean_rss_mb: f64,
    /// CPU time over wall time, in percent of one core (200 = both cores).
    pub cpu_percent: f64,
}

/// A sampler running beside a load; [`Sampler::finish`] stops it.
pub struct Sampler {
    pid: u32,
    started: Instant,
    cpu_at_start: f64,
    stop: oneshot::Sender<()>,
    samples: tokio::task::JoinHandle<Vec<u64>>,
}

impl Sampler {
    /// Starts sampling `pid`; fails when the process cannot be read.
    pub fn start(pid: u32) -> Result<Sampler, String> {
        let cpu_at_start = cpu_seconds(pid)?;
        rss_kb(pid)?;
        let (stop, mut stopped) = oneshot::channel();
        let samples = tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut tick = tokio::time::interval(SAMPLE_EVERY);
            loop {
                tokio::select! {
                    _ = &mut stopped => break,
                    _ = tick.tick() => {
                        if let Ok(kb) = rss_kb(pid) {
                            samples.push(kb);
                        }
                    }
                }
            }
            samples
        });
        Ok(Sampler {
            pid,
            started: Instant::now(),
            cpu_at_start,
            stop,
            samples,
        })
    }

    /// Stops sampling and sums up; fails when the process went away.
    pub async fn finish(self) -> Result<Usage, String> {
        let wall = self.started.elapsed().as_secs_f64();
        let cpu = cpu_seconds(self.pid)? - self.cpu_at_start;
        let last = rss_kb(self.pid)?;
        let _ = self.stop.send(());
        let mut samples = self
            .samples
            .await
            .map_err(|e| format!("RSS sampler failed: {e}"))?;
        samples.push(last);
        let peak = samples.iter().copied().max().unwrap_or(last);
        let mean = samples.iter().sum::<u64>() as f64 / samples.len() as f64;
        Ok(Usage {
            peak_rss_mb: peak as f64 / 1024.0,
            mean_rss_mb: mean / 1024.0,
            cpu_percent: if wall > 0.0 { 100.0 * cpu / wall } else { 0.0 },
        })
    }
}

/// `VmRSS` of `/proc/<pid>/status`, in kB.
/// The resident set size of `pid` now, in MB (as [`Usage`] counts them).
pub fn rss_mb(pid: u32) -> Result<f64, String> {
    rss_kb(pid).map(|kb| kb as f64 / 1024.0)
}

fn rss_kb(pid: u32) -> Result<u64, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read /proc/{pid}/status: {e}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .ok_or_else(|| format!("no VmRSS in /proc/{pid}/status"))
}

/// User plus system CPU time of the process so far, in seconds.
fn cpu_seconds(pid: u32) -> Result<f64, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map_err(|e| format!("cannot read /proc/{pid}/stat: {e}"))?;
    let ticks = parse_cpu_ticks(&stat).ok_or_else(|| format!("unexpected /proc/{pid}/stat"))?;
    Ok(ticks as f64 / clock_ticks_per_second())
}

/// `utime + stime` from a `/proc/<pid>/stat` line. The command name is in
/// parentheses and may hold spaces, so the fields are counted after the last
/// `)`: the state is field 3, `utime` field 14 and `stime` field 15.
fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    let after = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// `getconf CLK_TCK` (100 on every Linux the bench is meant for), asked once.
fn clock_ticks_per_second() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        std::process::Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|t| *t > 0.0)
            .unwrap_or(100.0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_ticks_skip_a_command_name_with_spaces() {
        let stat = "42 (tokio worker) S 1 42 42 0 -1 4194560 500 0 0 0 250 50 0 0 20 0 9 0 100 0 0";
        assert_eq!(parse_cpu_ticks(stat), Some(300));
    }

    #[test]
    fn own_process_can_be_read() {
        let pid = std::process::id();
        assert!(rss_kb(pid).is_ok_and(|kb| kb > 0));
        assert!(cpu_seconds(pid).is_ok());
    }
}
