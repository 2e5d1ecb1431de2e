// Package sla measures downtime against a service-level agreement written as
// data.
//
//	policy, err := sla.LoadFile("policy.yaml") // objective, windows, weights, tiers…
//	if err != nil {
//		return err // an rca.ValidationError: every problem, located
//	}
//	results, err := sla.Measure(policy, incidents, sla.Options{}) // one Result per window
//	for _, r := range results {
//		fmt.Println(r.Start, r.AvailabilityAt(6), r.Met) // 2025-01-01 00:00:00 +0000 UTC 99.887993 false
//		sla.Explain(os.Stdout, policy, &r)              // the arithmetic, line by line
//	}
//
// A [Policy] states how a contract counts downtime: the objective, the
// measurement windows, how much each impact level weighs, which components
// make up the service, whether partial minutes and short blips count, what
// the availability is divided by, what is excluded, and the credit tiers.
// [Measure] applies it to the impacts of [rca.Incident] values and returns
// one [Result] per window: the window, the counted downtime (exact and
// weighted), the availability as an exact decimal, whether the objective
// was met, the error budget, and every counted span with the weight it
// counted at and the impact that set it, so that every second of the figure
// can be explained ([Explain]).
//
// Published SLAs differ on every one of these points, so none is hard-coded:
// each is a field whose zero value is a documented default, and a policy
// file only states where it differs.
//
// # Policies as files
//
// [Load] and [LoadFile] read a policy from YAML or JSON (the same schema:
// the yaml tags of [Policy]) and validate it; every problem comes back at
// once in a *problem.Error with file, line, column and field path.
// [Policy.Validate] checks a policy built in Go the same way. The seed's
// policy, monthly windows in New York with partial restoration counting as
// down:
//
//	id: seed-monthly-new-york
//	version: "2014-04"
//	objective: "99.9"
//	window:
//	  kind: month
//	  zone: America/New_York
//	weights:
//	  partial_outage: 1
//
// Exclusion times written as local wall clocks ("2014-04-27 02:00", or a
// date for midnight) are in the policy's window zone, window.zone, wherever
// the file writes it. A policy without window.zone is a UTC policy: its
// windows are UTC months and its local times are UTC. Times written in RFC
// 3339 with "Z" or an offset are read as written:
//
//	window:
//	  zone: America/New_York
//	exclusions:
//	  - start: 2014-04-27 02:00      # 02:00 EDT, 06:00 UTC
//	    end: 2014-04-27T04:00-04:00
//	    maintenance: true
//
// # Options and their defaults
//
//   - id: required; it names the policy in every credit line, idempotency
//     key and ledger match. version: optional; every credit line repeats it.
//   - objective: required, a decimal percentage in (0, 100]. Never a float.
//   - window.kind: month (default), quarter (January, April, July,
//     October), year, or rolling. Calendar windows start at midnight in
//     window.zone (default UTC) and have their real length: 28 to 31 days,
//     and a month with a daylight-saving change is an hour shorter or
//     longer (March 2014 in America/New_York is 743 hours). Rolling windows
//     are window.days calendar days long (at most 36500) and tile the
//     measured range backwards from its end.
//   - weights: per level, in [0, 1] with at most 18 decimal places; levels
//     not listed take [DefaultWeights] (major and partial outage 1,
//     degraded performance, maintenance and operational 0). Statuspage
//     counts partial_outage 0.3 and degraded_performance 0.
//   - user_minutes: false (default) ignores impacts' affected shares; true
//     multiplies each impact's weight by its share (300 of 1,000 users down
//     for 120 minutes counts 36 minutes). The zero share means everyone.
//   - components: empty (default) covers every component; down_when: any
//     (default) or all.
//   - granularity: exact (default), whole_minutes or floor_minutes;
//     minimum_downtime_period: zero (default) counts every run.
//   - intervals: none (default), or length (at least a minute), count_when
//     (any, the default; all; more_than or at_least a threshold) and
//     count_only: fixed intervals counted whole or not at all (see
//     [IntervalRule]).
//   - denominator: whole_window (default) or active_time (the part of the
//     window the resource existed: [Options].ActiveFrom/ActiveUntil, or
//     [Meter.Active]).
//   - exclusions and maintenance.minimum_notice: zero notice (default)
//     excludes every scheduled maintenance; maintenance.allowance: zero
//     (default) excludes it however long it is, otherwise only that much
//     per maintenance.allowance_per (year, the default; quarter; month);
//     exclude_from_denominator: false (default) counts excluded time as up
//     time.
//   - source: where the terms come from (the URL of a published
//     agreement); informational.
//   - indicator: time (default) or requests, with requests.interval
//     (default 5 minutes) and requests.downtime_above (default zero: error
//     rates are averaged).
//   - tiers and allow_gaps: the published credit schedule, see [Tiers].
//
// # Counting rules
//
// Measure counts downtime in this order; each step is exact.
//
//  1. Impacts. Each incident's impacts are its Impacts, or the impacts its
//     timeline derives when it has none ([rca.Incident.EffectiveImpacts]).
//     An impact without an end is ongoing and ends at [Options].AsOf.
//     Impacts of components the policy does not cover are ignored. The
//     weight of an impact is its level's weight, times its share under
//     user minutes (rounded half-up to 18 decimal places, which is exact
//     for any share of a power of ten or a percentage). An impact of
//     weight zero is not downtime.
//  2. The weight of an instant. With down_when any, it is the largest
//     weight among the impacts active at that instant. With down_when all,
//     each covered component weighs the largest weight of its own active
//     impacts (zero when it has none) and the instant weighs the smallest
//     of those: the service is down only while every covered component is,
//     and only as much as the least affected one. (Without a components
//     list, the covered components are every component the incidents name
//     in their components or impacts.) Overlapping impacts are therefore
//     never counted twice. The instant is down when its weight is above
//     zero.
//  3. Exclusions. Excluded time is never downtime: every exclusion of the
//     policy and of [Options].Exclusions, except scheduled maintenance
//     announced less than maintenance.minimum_notice before it started (or
//     never announced, when a notice is required). Under a maintenance
//     allowance, scheduled maintenance (overlaps counted once, time other
//     exclusions cover not at all) uses the allowance of its calendar
//     period in the window's zone in the order it happens; what is over
//     the allowance is downtime at full weight, over any impact then, and
//     its spans say so (Span.OverAllowance).
//  4. Windows. Down time is split at window boundaries; each window is
//     judged on its own part.
//  5. Granularity. A run is a maximal stretch of down time in the window,
//     whatever its weights. With whole minutes, a run counts only the
//     clock minutes it covers from start to end: down from 10:00:30 to
//     10:02:10 counts 10:01–10:02. Minutes are those of UTC, which are the
//     clock minutes of every zone whose offset is a whole number of
//     minutes. A counted minute counts at the weights of its seconds. With
//     floor minutes, each span at one weight (a maximal stretch of touching
//     downtime at one weight, whatever impacts it comes from) counts its
//     length rounded down to whole minutes, from its start.
//  6. Minimum downtime period. Runs (with whole minutes, runs of
//     consecutive whole down minutes) shorter than the period are dropped:
//     three separate 45-second blips count nothing under a 1-minute period.
//     Then intervals: under an interval rule the window is cut into
//     intervals from its start, and an interval whose (unweighted) down time
//     qualifies counts whole at its heaviest weight, the others not at all
//     (with count_only, downtime is left as it was and the qualifying
//     intervals are only listed). Result.DownIntervals lists them, with
//     the down time that made each qualify.
//  7. Sums. Downtime is the length of what is left, in exact nanoseconds;
//     Weighted is the sum of each counted second times its weight, in
//     exact decimal seconds. The counted spans are Result.Spans, each at
//     one weight and attributed to the impact that set it (on a tie, the
//     impact that started first, then the one listed first).
//  8. Denominator. Measured is the window's length (whole_window) or the
//     part of it the resource was active (active_time), less the excluded
//     time in it under exclude_from_denominator.
//  9. Availability = 100 × (Measured − Weighted) ÷ Measured, 100 when
//     nothing is measured. Result.Availability is rounded half-up to 10
//     decimal places for display; [Result.AvailabilityAt] rounds the exact
//     value to fewer places for display (never round Availability again: a
//     second rounding can go the wrong way); [Result.Compare], Result.Met
//     and [Tiers.Find] use the exact value (they multiply out instead of
//     dividing). The error budget allows Measured × (100 − objective) ÷ 100
//     seconds; Burn is the consumed share of it in percent.
//
// A resource active only part of a window (Options.ActiveFrom and
// ActiveUntil, or [Meter.Active]) gets the downtime counted for the window
// restricted to its active range: the counting rules judge the service's
// runs, then the subscriber is charged for the part of them it saw.
//
// # Request-based indicators
//
// With indicator requests, each window is cut into intervals of
// requests.interval from its start (the last may be shorter). Each
// [RequestCount] falls into the interval its Start is in; an interval's
// error rate is its failed ÷ total requests, 0% without requests, and
// availability is 100% minus the mean error rate over all intervals of the
// window. An interval wholly inside excluded time has no errors, and under
// exclude_from_denominator is left out of the mean. The exact mean is kept
// as a fraction (Result.Requests), so comparisons stay exact; Weighted is
// the error-equivalent downtime, Measured × the mean rate. With
// requests.downtime_above (a percentage), an interval whose error rate is
// above it is downtime and every other interval up, so availability is
// 100% less the share of downtime intervals: Atlassian's and GitHub's
// "Downtime Minute", a minute with an error rate above 5%.
//
// # Credit tiers
//
// A [Tier] has explicit bound semantics, the way contracts write them:
// "< 99.99 and ≥ 99.0" and "≤ 99.9 and > 99.0" are different bands, and a
// schedule may leave a value such as exactly 99.0% in no tier; validation
// ([Tiers.Validate]) reports overlapping bands always and such gaps below the
// objective unless the policy sets allow_gaps.
//
// # Many subscribers: Meter
//
// [NewMeter] measures once and keeps, per window, the counted spans with
// prefix sums of their durations and weighted durations. [Meter.Active]
// then answers for any active range with two binary searches, which is
// what a billing run over millions of subscriptions that started or ended
// mid-window needs. Measure is NewMeter followed by [Meter.Results].
//
// # Results as JSON
//
// [Result.MarshalJSON] writes the stable interface the command line
// promises: start, end (RFC 3339), window_seconds, excluded_seconds,
// measured_seconds, downtime_seconds, weighted_downtime_seconds,
// availability_percent (the exact availability rounded half-up once to 6
// decimal places), objective_percent,
// met, budget_*_seconds, budget_burn_percent, incidents and spans, every
// figure a decimal string.
//
// # Limits and concurrency
//
// Instants are measured as nanoseconds since 1970, so impacts, exclusions
// and windows must lie between the years 1678 and 2262. Measuring a
// million impact spans costs about as much as sorting their start instants
// (BenchmarkMeasure). Policies and Meters are safe for concurrent use as
// long as no goroutine modifies a Policy; the Spans and Incidents of
// results share memory with the Meter and must be treated as read-only.
package sla
