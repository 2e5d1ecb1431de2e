package sla_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"

	"github.com/outagekit/postmortem/internal/golden"
)

// goldenCases are the results the JSON and explanation golden files show.
func goldenCases(t *testing.T) []struct {
	name   string
	policy *sla.Policy
	result sla.Result
} {
	ny := zone(t, "America/New_York")
	seed := monthly()
	seed.ID, seed.Version, seed.Window.Zone = "seed-monthly-new-york", "2014-04", ny
	weighted := monthly()
	weighted.Weights = statuspageWeights()
	weighted.Granularity, weighted.MinDowntime = sla.WholeMinutes, time.Minute
	weighted.Exclusions = []sla.Exclusion{{Start: at("2025-04-15T11:00:00Z"), End: at("2025-04-15T11:30:00Z"), Maintenance: true}}
	weighted.ExcludeFromDenominator = true
	requests := monthly()
	requests.Indicator, requests.Window = sla.RequestBased, sla.Window{Kind: sla.Rolling, Days: 1}
	minutes := monthly()
	minutes.ID, minutes.Indicator, minutes.Window = "downtime-minutes", sla.RequestBased, sla.Window{Kind: sla.Rolling, Days: 1}
	minutes.Requests = sla.RequestRule{Interval: time.Minute, DowntimeAbove: dec("5")}
	ec2 := monthly()
	ec2.ID, ec2.Version, ec2.Objective = "aws-ec2-instance", "2022-05-25", dec("99.5")
	ec2.Intervals = sla.IntervalRule{Length: time.Hour, CountWhen: sla.MoreThan, Threshold: 6 * time.Minute, CountOnly: true}
	do := monthly()
	do.ID, do.Version, do.Objective = "digitalocean-droplets", "2025-06-03", dec("99.99")
	do.Intervals = sla.IntervalRule{Length: 5 * time.Minute}
	slack := monthly()
	slack.ID, slack.Version, slack.Objective, slack.Window.Kind = "slack", "2024-06-14", dec("99.99"), sla.Quarter
	slack.Maintenance = sla.MaintenanceRule{MinNotice: 48 * time.Hour, Allowance: 10 * time.Hour}
	slack.Exclusions = []sla.Exclusion{
		{Start: at("2024-02-10T02:00:00Z"), End: at("2024-02-10T08:00:00Z"), Announced: at("2024-02-07T00:00:00Z"), Maintenance: true, Reason: "database upgrade"},
		{Start: at("2024-05-11T02:00:00Z"), End: at("2024-05-11T08:00:00Z"), Announced: at("2024-05-08T00:00:00Z"), Maintenance: true, Reason: "network upgrade"},
	}

	measure := func(p *sla.Policy, incs []*rca.Incident, opts sla.Options) sla.Result {
		rs, err := sla.Measure(p, incs, opts)
		if err != nil || len(rs) != 1 {
			t.Fatalf("Measure: %d results, %v", len(rs), err)
		}
		return rs[0]
	}
	return []struct {
		name   string
		policy *sla.Policy
		result sla.Result
	}{
		{"seed-april-2014", seed, measure(seed, []*rca.Incident{seedIncident()}, sla.Options{})},
		{"seed-april-2014-joined-on-the-10th", seed, measure(seed, []*rca.Incident{seedIncident()}, sla.Options{ActiveFrom: time.Date(2014, 4, 10, 0, 0, 0, 0, ny)})},
		{"statuspage-whole-minutes-with-maintenance", weighted, measure(weighted, []*rca.Incident{incident("db-failover",
			imp("db", rca.MajorOutage, "2025-04-15T10:00:30Z", "2025-04-15T10:20:10Z"),
			imp("api", rca.PartialOutage, "2025-04-15T10:15:00Z", "2025-04-15T11:45:00Z"),
		)}, sla.Options{})},
		{"requests", requests, measure(requests, nil, sla.Options{From: at("2025-03-01T00:00:00Z"), To: at("2025-03-02T00:00:00Z"), Requests: []sla.RequestCount{
			{Start: at("2025-03-01T10:00:00Z"), Total: 100, Failed: 10},
			{Start: at("2025-03-01T10:05:00Z"), Total: 3, Failed: 1},
		}})},
		{"requests-downtime-minutes", minutes, measure(minutes, nil, sla.Options{From: at("2025-03-01T00:00:00Z"), To: at("2025-03-02T00:00:00Z"), Requests: []sla.RequestCount{
			{Start: at("2025-03-01T10:00:00Z"), Total: 100, Failed: 10},
			{Start: at("2025-03-01T10:01:00Z"), Total: 100, Failed: 5},
		}})},
		{"ec2-instance-clock-hours", ec2, measure(ec2, []*rca.Incident{incident("i-0abc",
			imp("i-0abc", rca.MajorOutage, "2025-04-15T10:00:00Z", "2025-04-15T10:07:00Z"),
			imp("i-0abc", rca.MajorOutage, "2025-04-15T11:55:00Z", "2025-04-15T12:04:00Z"),
		)}, sla.Options{})},
		{"digitalocean-five-minute-intervals", do, measure(do, []*rca.Incident{incident("nyc3",
			imp("droplet", rca.MajorOutage, "2025-04-15T10:02:00Z", "2025-04-15T10:13:00Z"),
		)}, sla.Options{})},
		{"slack-maintenance-over-the-allowance", slack, measure(slack, []*rca.Incident{incident("outage",
			imp("slack", rca.MajorOutage, "2024-05-11T07:00:00Z", "2024-05-11T09:00:00Z"),
		)}, sla.Options{})},
	}
}

func TestResultJSONGolden(t *testing.T) {
	for _, tc := range goldenCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			got, err := json.MarshalIndent(tc.result, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", tc.name+".json"), append(got, '\n'))
			var back sla.Result
			if err := json.Unmarshal(got, &back); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.result, back); diff != "" {
				t.Errorf("JSON round trip (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExplainGolden(t *testing.T) {
	for _, tc := range goldenCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := sla.Explain(&b, tc.policy, &tc.result); err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", "golden", tc.name+".txt"), b.Bytes())
		})
	}
}

func TestResultUnmarshalJSONErrors(t *testing.T) {
	tests := []struct {
		name, json, want string
	}{
		{"bad time", `{"start": "yesterday"}`, `sla: result start: "yesterday" is not an RFC 3339 time`},
		{"bad seconds", `{"start": "2025-01-01T00:00:00Z", "window_seconds": "1.0000000001"}`, `sla: result window_seconds: "1.0000000001" is not a number of seconds with at most 9 decimal places`},
		{"not an object", `[]`, "json: cannot unmarshal array into Go value of type sla.resultJSON"},
		{"availability that the figures do not give", `{"start": "2025-01-01T00:00:00Z", "end": "2025-01-01T00:01:40Z",
			"window_seconds": "100", "excluded_seconds": "0", "measured_seconds": "100", "downtime_seconds": "1",
			"weighted_downtime_seconds": "1", "availability_percent": "99.500000", "objective_percent": "99",
			"budget_allowed_seconds": "1", "budget_consumed_seconds": "1", "budget_remaining_seconds": "0", "budget_burn_percent": "100"}`,
			`sla: result availability_percent "99.500000" does not match the downtime and measured time (99.000000)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r sla.Result
			err := json.Unmarshal([]byte(tt.json), &r)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want %q", err, tt.want)
			}
		})
	}
}
