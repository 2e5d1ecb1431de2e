// Package prometheus reads the results of Prometheus range queries as the
// request counts of a request-based SLA measurement
// (sla.Options.Requests), so that availability can come from real
// traffic.
//
// # The format
//
// The JSON of the HTTP API's range query, GET /api/v1/query_range
// (https://prometheus.io/docs/prometheus/latest/querying/api/#range-queries):
// {"status": "success", "data": {"resultType": "matrix", "result":
// [{"metric": {...}, "values": [[1435781430.781, "1"], ...]}]}}, a sample
// being a Unix time in seconds and its value as a string. The bare result
// list (promtool query range -o json) reads the same. Each file holds the
// result of one query, aggregated to one series (sum(...)); a query that
// failed ("status": "error") is a problem naming its error.
//
// # What a sample becomes
//
// A sample at instant t describes the step that ends at it, [t − step, t),
// which is how rate(x[5m]) and increase(x[5m]) evaluated every 5 minutes
// read. Each becomes one sla.RequestCount starting at t − step, and sla
// counts it in the interval that instant falls in: query with the step
// (and a start) aligned to the policy's intervals.
//
//   - BadRatio and GoodRatio: one series of ratios (failed or successful
//     requests ÷ all requests, in [0, 1]). The policy's availability is
//     100% minus the mean of the intervals' error rates, so a ratio's step
//     must be the policy's interval. The ratio is kept exactly, as the
//     reduced fraction its decimal digits give (0.0125 is 1 failed of 80):
//     availability, the error budget and credits are exactly those of the
//     counts it came from, but the counts that sla.Result.Requests shows
//     are the fraction's terms, not numbers of requests. NaN (0 ÷ 0: no
//     requests in the step) counts as an interval without requests, 0%
//     errors, as sla counts it.
//   - Total with Good or Bad: numbers of requests, whole and not negative
//     (rate() and increase() extrapolate to fractions: query the counters
//     with Opts.Counter instead). Each step is a RequestCount of its total
//     and its failed requests (Bad, or Total − Good); a step the steps of
//     the intervals cannot hold (the step does not divide the interval) is
//     a problem. A Bad query that matches nothing means no failures.
//   - With Opts.Counter the series are cumulative counters: the requests
//     of a step are the increase of the counter between its two samples
//     (a decrease is a restart from zero, as Prometheus's increase() reads
//     it), so the first sample only starts the count, and a missing
//     sample, which would leave requests without a step, is a problem.
//
// Nothing is guessed: a value that is not a count or a ratio, a step that
// cannot be placed, or two series that do not cover the same steps is a
// problem with its file, line, column and JSON path.
package prometheus
