package prometheus

import (
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/golden"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
	"github.com/outagekit/postmortem/source"
)

const fixtures = "../../testdata/prometheus"

func file(t testing.TB, name string) source.File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return source.File{Name: name, Data: data}
}

// counts are the request counts the fixtures stand for, copied from the
// table of their README (not from the code): twelve 5-minute steps from
// 2025-03-01T00:00Z.
func counts() []sla.RequestCount {
	data := [][2]int64{{1000, 0}, {800, 2}, {1250, 5}, {400, 400}, {0, 0}, {2000, 1}, {1000, 10}, {500, 0}, {640, 16}, {1000, 3}, {250, 1}, {1000, 0}}
	t0 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	out := make([]sla.RequestCount, len(data))
	for i, d := range data {
		out[i] = sla.RequestCount{Start: t0.Add(time.Duration(i) * 5 * time.Minute), Total: d[0], Failed: d[1]}
	}
	return out
}

// TestRequestsAreTheCounts checks that every way of querying the same
// traffic gives the same request counts.
func TestRequestsAreTheCounts(t *testing.T) {
	tests := []struct {
		name   string
		opts   Opts
		series []Series
	}{
		{"total and bad per step", Opts{}, []Series{{Total, file(t, "total.json")}, {Bad, file(t, "bad.json")}}},
		{"good and total per step", Opts{}, []Series{{Good, file(t, "good.json")}, {Total, file(t, "total.json")}}},
		{"counters with a restart", Opts{Counter: true}, []Series{{Total, file(t, "total-counter.json")}, {Bad, file(t, "bad-counter.json")}}},
		{"the step given", Opts{Step: 5 * time.Minute}, []Series{{Total, file(t, "total.json")}, {Bad, file(t, "bad.json")}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Requests(tt.opts, tt.series...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(counts(), got); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRatioIsExact checks that a ratio series gives each step the error
// rate of its counts, exactly, and a step without requests none.
func TestRatioIsExact(t *testing.T) {
	got, err := Requests(Opts{}, Series{BadRatio, file(t, "bad-ratio.json")})
	if err != nil {
		t.Fatal(err)
	}
	want := counts()
	if len(got) != len(want) {
		t.Fatalf("%d counts, want %d", len(got), len(want))
	}
	for i := range want {
		if !got[i].Start.Equal(want[i].Start) || rate(got[i]).Cmp(rate(want[i])) != 0 {
			t.Errorf("step %d: %v at %v, want %v at %v", i, rate(got[i]), got[i].Start, rate(want[i]), want[i].Start)
		}
	}
	if got[4].Total != 0 {
		t.Errorf("the NaN step has %d requests, want none", got[4].Total)
	}
}

func rate(c sla.RequestCount) *big.Rat {
	if c.Total == 0 {
		return new(big.Rat)
	}
	return big.NewRat(c.Failed, c.Total)
}

// TestMeasuresLikeTheCounts measures March 2025 from each form of the
// traffic and from the counts themselves: the results are the same, and
// the availability is 100 − 100 × 1.049 ÷ 8928 (the steps' error rates add
// up to 1.049; March has 31 × 288 five-minute intervals).
func TestMeasuresLikeTheCounts(t *testing.T) {
	policy := &sla.Policy{ID: "api", Objective: decimal.RequireFromString("99.9"), Indicator: sla.RequestBased,
		Requests: sla.RequestRule{Interval: 5 * time.Minute}}
	measure := func(reqs []sla.RequestCount) []sla.Result {
		res, err := sla.Measure(policy, []*rca.Incident{}, sla.Options{Requests: reqs})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	want := measure(counts())
	if len(want) != 1 || want[0].AvailabilityAt(10).String() != "99.988250448" {
		t.Fatalf("the counts measure %v", want)
	}
	ratio, err := Requests(Opts{}, Series{BadRatio, file(t, "bad-ratio.json")})
	if err != nil {
		t.Fatal(err)
	}
	counters, err := Requests(Opts{Counter: true}, Series{Total, file(t, "total-counter.json")}, Series{Bad, file(t, "bad-counter.json")})
	if err != nil {
		t.Fatal(err)
	}
	// A ratio keeps the error rates, not the numbers of requests: compare
	// everything else.
	ignoreCounts := cmpopts.IgnoreFields(sla.RequestStats{}, "Total", "Failed")
	for name, reqs := range map[string][]sla.RequestCount{"ratio": ratio, "counters": counters} {
		if diff := cmp.Diff(want, measure(reqs), ignoreCounts); diff != "" {
			t.Errorf("%s: results (-counts +%s):\n%s", name, name, diff)
		}
	}
}

func TestProblems(t *testing.T) {
	const envelope = `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[`
	tests := []struct {
		name   string
		role   Role
		opts   Opts
		data   string
		want   []string
		second string // a bad series to go with a Total one
	}{
		{name: "not JSON", role: BadRatio, data: `{`, want: []string{"x.json:1:2: invalid JSON: unexpected end of the input"}},
		{name: "query failed", role: BadRatio, data: `{"status":"error","errorType":"bad_data","error":"parse error at char 5"}`,
			want: []string{`x.json:1:11: status: the query failed: bad_data: parse error at char 5`}},
		{name: "an instant query", role: BadRatio, data: `{"status":"success","data":{"resultType":"vector","result":[]}}`,
			want: []string{`x.json:1:42: data.resultType: "vector": want "matrix", the result of a range query (/api/v1/query_range)`}},
		{name: "two series", role: BadRatio, data: `{"status":"success","data":{"resultType":"matrix","result":[{"values":[]},{"values":[]}]}}`,
			want: []string{"x.json:1:60: data.result: 2 series: each file holds one (aggregate them in the query: sum(...))"}},
		{name: "no series", role: BadRatio, data: `[]`, want: []string{"x.json:1:1: result: no series: the query matched nothing"}},
		{name: "ratio out of range", role: BadRatio, data: envelope + `[1740787500,"1.5"],[1740787800,"-0.1"]]}]}}`,
			want: []string{
				"x.json:1:84: data.result[0].values[0]: 1.5 is not a ratio in [0, 1]",
				"x.json:1:103: data.result[0].values[1]: -0.1 is not a ratio in [0, 1]",
			}},
		{name: "ratio of another step", role: BadRatio, data: envelope + `[1740787260,"0"],[1740787320,"0"]]}]}}`,
			want: []string{"x.json:1:60: data.result: the samples are 1m0s apart, the policy's intervals 5m0s long: ratios of other steps cannot be combined into the intervals' error rates; query with step=5m0s"}},
		// A value that does not read stops the file before its values are
		// judged: 12.5 is reported once +Inf is mended.
		{name: "infinite requests", role: Total, second: `[]`, data: envelope + `[1740787500,"12.5"],[1740787800,"+Inf"]]}]}}`,
			want: []string{
				`x.json:1:116: data.result[0].values[1][1]: "+Inf": infinite: not a count or a ratio`,
			}},
		{name: "fractional requests", role: Total, second: `[]`, data: envelope + `[1740787500,"12.5"]]}]}}`,
			want: []string{"x.json:1:84: data.result[0].values[0]: 12.5 is not a whole number of requests (rate() and increase() extrapolate: query the counter itself, as a counter)"}},
		{name: "step not dividing the interval", role: Total, second: `[]`, data: envelope + `[1740787620,"1"],[1740788040,"1"]]}]}}`,
			want: []string{"x.json:1:60: data.result: the samples are 7m0s apart, which does not divide the policy's 5m0s intervals: a step's requests would straddle two intervals"}},
		{name: "counter gap", role: Total, opts: Opts{Counter: true, Step: 5 * time.Minute}, second: `[]`,
			data: envelope + `[1740787200,"10"],[1740787500,"20"],[1740788100,"40"]]}]}}`,
			want: []string{"x.json:1:120: data.result[0].values[2]: 10m0s after the sample before, not one 5m0s step: the requests between cannot be placed in their intervals"}},
		{name: "bad timestamp", role: BadRatio, data: envelope + `[1e99999,"0"],[1740787500.0000000001,"0"],["t","0"]]}]}}`,
			want: []string{
				`x.json:1:85: data.result[0].values[0][0]: "1e99999": not a number`,
				`x.json:1:99: data.result[0].values[1][0]: "1740787500.0000000001": finer than a nanosecond`,
				`x.json:1:127: data.result[0].values[2][0]: want a number, not a string`,
			}},
		{name: "more bad than total", role: Total, second: envelope + `[1740787500,"7"]]}]}}`, data: envelope + `[1740787500,"5"]]}]}}`,
			want: []string{"y.json:1:84: data.result[0].values[0]: 7 bad requests of 5 in all"}},
		{name: "steps that do not match", role: Total, second: envelope + `[1740787800,"0"]]}]}}`, data: envelope + `[1740787500,"5"]]}]}}`,
			want: []string{
				"x.json:1:84: data.result[0].values[0]: the bad series has no sample for this step",
				"y.json:1:84: data.result[0].values[0]: the total series has no sample for this step",
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			series := []Series{{tt.role, source.File{Name: "x.json", Data: []byte(tt.data)}}}
			if tt.second != "" {
				series = append(series, Series{Bad, source.File{Name: "y.json", Data: []byte(tt.second)}})
			}
			_, err := Requests(tt.opts, series...)
			if diff := cmp.Diff(tt.want, problem.Strings(err)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRoles(t *testing.T) {
	f := file(t, "total.json")
	for _, roles := range [][]Role{{}, {Total}, {Good, Bad}, {BadRatio, GoodRatio}, {Total, Good, Bad}, {BadRatio, Total}} {
		var series []Series
		for _, r := range roles {
			series = append(series, Series{r, f})
		}
		if _, err := Requests(Opts{}, series...); !errors.Is(err, ErrRoles) {
			t.Errorf("roles %v: error %v, want ErrRoles", roles, err)
		}
	}
}

func FuzzRequests(f *testing.F) {
	golden.AddFiles(f, filepath.Join(fixtures, "*.json"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		for _, opts := range []Opts{{}, {Counter: true}} {
			for _, series := range [][]Series{
				{{BadRatio, source.File{Name: "f.json", Data: data}}},
				{{Total, source.File{Name: "f.json", Data: data}}, {Bad, source.File{Name: "f.json", Data: data}}},
			} {
				reqs, err := Requests(opts, series...)
				if err == nil {
					for _, c := range reqs {
						if c.Total < 0 || c.Failed < 0 || c.Failed > c.Total {
							t.Fatalf("bad count %+v", c)
						}
					}
					continue
				}
				var verr *rca.ValidationError
				if !errors.As(err, &verr) {
					t.Fatalf("error is %T, not *rca.ValidationError: %v", err, err)
				}
				if ps := fileformat.Unlocated(err, "f.json"); ps != nil {
					t.Fatalf("problems not located by file, line and field: %+v", ps)
				}
			}
		}
	})
}
