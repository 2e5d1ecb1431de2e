package catalog_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/outagekit/postmortem/catalog"
	"github.com/outagekit/postmortem/credit"
	"github.com/outagekit/postmortem/rca"
	"github.com/outagekit/postmortem/sla"
)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func major(start, end string) rca.Impact {
	return rca.Impact{Component: "service", Level: rca.MajorOutage, Start: at(start), End: at(end)}
}

// TestCatalogEntries: every entry loads and validates, is named after its
// policy's id, names the URL and version of the text it reads, says in
// the file that it is a reading and not legal advice, and has its section
// in SOURCES.md; at least the providers the catalog promises are there.
func TestCatalogEntries(t *testing.T) {
	sources, err := os.ReadFile("SOURCES.md")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := catalog.List()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name)
		t.Run(e.Name, func(t *testing.T) {
			p, err := catalog.Policy(e.Name)
			if err != nil {
				t.Fatal(err)
			}
			if p.ID != e.Name {
				t.Errorf("policy id %q in file %q", p.ID, e.Name)
			}
			if !strings.HasPrefix(e.Source, "https://") || e.Version == "" || e.Title == "" || e.Description == "" {
				t.Errorf("entry without source URL, version, title or description: %+v", e)
			}
			data, file, err := catalog.File(e.Name)
			if err != nil || file != "catalog:"+e.Name+".yaml" {
				t.Fatalf("File(%q) = %q, %v", e.Name, file, err)
			}
			if !strings.Contains(string(data), "not legal") {
				t.Error("the file does not say it is the project's reading, not legal advice")
			}
			if !strings.Contains(string(sources), e.Name) {
				t.Errorf("SOURCES.md does not mention %s", e.Name)
			}
		})
	}
	for _, want := range []string{"aws-ec2-region", "aws-ec2-instance", "aws-s3", "google-compute-engine",
		"azure-virtual-machines", "microsoft-365", "atlassian-cloud-premium", "github-enterprise-cloud",
		"slack", "digitalocean-droplets", "linode-compute", "statuspage-weighted"} {
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("the catalog has no %s", want)
		}
	}
}

func TestCatalogUnknownEntry(t *testing.T) {
	for _, name := range []string{"nope", "../catalog", "policies/slack", ""} {
		_, err := catalog.Policy(name)
		var unknown *catalog.UnknownError
		if !errors.As(err, &unknown) || unknown.Name != name || !strings.Contains(err.Error(), "aws-ec2-region") {
			t.Errorf("Policy(%q): %v, want an UnknownError listing the entries", name, err)
		}
	}
	// An entry without a plans file, or none at all: the message lists
	// the entries that have one, not every entry (linode-compute is one
	// without).
	for _, name := range []string{"linode-compute", "nope"} {
		_, err := catalog.Plans(name)
		var unknown *catalog.UnknownError
		want := fmt.Sprintf("catalog: no plans file %q (the entries with plans: atlassian-cloud-premium, aws-ec2-instance, aws-ec2-region, aws-s3, ", name)
		if !errors.As(err, &unknown) || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "linode-compute,") ||
			strings.Contains(err.Error(), "statuspage-weighted") {
			t.Errorf("Plans(%q): %v, want an UnknownError listing the entries with plans", name, err)
		}
	}
}

// TestCatalogWorkedExamples measures each provider's worked example (or,
// where it publishes none, the example SOURCES.md works out by hand from
// its text) under the catalog's policy. The expected figures are the ones
// SOURCES.md derives, not read back from the code.
func TestCatalogWorkedExamples(t *testing.T) {
	april := sla.Options{From: at("2025-04-01T00:00:00Z"), To: at("2025-05-01T00:00:00Z")}
	q1 := sla.Options{From: at("2025-01-01T00:00:00Z"), To: at("2025-04-01T00:00:00Z")}
	withActive := func(o sla.Options, from string) sla.Options { o.ActiveFrom = at(from); return o }
	withExcl := func(o sla.Options, ex ...sla.Exclusion) sla.Options { o.Exclusions = ex; return o }
	withRequests := func(o sla.Options, failed int64, n int) sla.Options {
		for i := range n {
			o.Requests = append(o.Requests, sla.RequestCount{Start: at("2025-04-15T00:00:00Z").Add(time.Duration(i) * 5 * time.Minute), Total: 100, Failed: failed})
		}
		return o
	}
	maint := func(start, end, announced string) sla.Exclusion {
		return sla.Exclusion{Start: at(start), End: at(end), Announced: at(announced), Maintenance: true}
	}
	minutes := func(start string, n int) rca.Impact {
		s := at(start)
		return rca.Impact{Component: "service", Level: rca.MajorOutage, Start: s, End: s.Add(time.Duration(n) * time.Minute)}
	}
	tests := []struct {
		name      string
		entry     string
		impacts   []rca.Impact
		opts      sla.Options
		avail     string // AvailabilityAt(6)
		credit    string // the tier's credit percent; "" for none
		intervals int
	}{
		{"atlassian's example: 60 downtime minutes of 43,200 are 99.86%, a 10% credit", "atlassian-cloud-premium",
			[]rca.Impact{major("2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z")}, april, "99.861111", "10", 60},
		{"atlassian: a minute with 4 s down is a downtime minute, one with 3 s is not", "atlassian-cloud-premium",
			[]rca.Impact{major("2025-04-15T10:00:56Z", "2025-04-15T10:01:00Z"), major("2025-04-15T10:05:57Z", "2025-04-15T10:06:00Z")},
			april, "99.997685", "", 1},
		{"aws ec2 region: 432 minutes of 43,200 is exactly 99.0%, in the 10% tier", "aws-ec2-region",
			[]rca.Impact{minutes("2025-04-15T00:00:00Z", 432)}, april, "99.000000", "10", 0},
		{"aws ec2 region: 433 minutes is 98.997685%, in the 30% tier", "aws-ec2-region",
			[]rca.Impact{minutes("2025-04-15T00:00:00Z", 433)}, april, "98.997685", "30", 0},
		{"aws ec2 instance: 7 minutes in the 10:00 clock hour qualify, 5 + 4 across 11:00 and 12:00 do not; the month is 16 minutes", "aws-ec2-instance",
			[]rca.Impact{major("2025-04-15T10:00:00Z", "2025-04-15T10:07:00Z"), major("2025-04-15T11:55:00Z", "2025-04-15T12:04:00Z")},
			april, "99.962963", "", 1},
		{"aws s3: 50% errors in 6 of 8,640 five-minute intervals: 100 × (1 − 3 ÷ 8,640)", "aws-s3", nil,
			withRequests(april, 50, 6), "99.965278", "", 0},
		{"aws s3: 100% errors in 432 of 8,640 intervals is exactly 95.0%, in the 25% tier", "aws-s3", nil,
			withRequests(april, 100, 432), "95.000000", "25", 0},
		{"google compute engine: 10:00:30–10:05:10 counts 4 whole minutes, a 50-second blip none: 99.990741%, met", "google-compute-engine",
			[]rca.Impact{major("2025-04-15T10:00:30Z", "2025-04-15T10:05:10Z"), major("2025-04-15T12:00:00Z", "2025-04-15T12:00:50Z")},
			april, "99.990741", "", 0},
		{"google compute engine: 10:00:30–10:05:10 and 11:00:00–11:01:59 count 5 whole minutes: 99.988426%, 10%", "google-compute-engine",
			[]rca.Impact{major("2025-04-15T10:00:30Z", "2025-04-15T10:05:10Z"), major("2025-04-15T11:00:00Z", "2025-04-15T11:01:59Z")},
			april, "99.988426", "10", 0},
		{"azure: 43.2 minutes down over the 15 days deployed (21,600 minutes) is 99.8%", "azure-virtual-machines",
			[]rca.Impact{major("2025-04-20T10:00:00Z", "2025-04-20T10:43:12Z")}, withActive(april, "2025-04-16T00:00:00Z"), "99.800000", "10", 0},
		{"microsoft 365: 300 of 1,000 users for 120 minutes and all for 30: 66,000 of 43,200,000 user-minutes", "microsoft-365",
			[]rca.Impact{
				{Component: "exchange", Level: rca.MajorOutage, Start: at("2025-04-15T10:00:00Z"), End: at("2025-04-15T12:00:00Z"),
					Affected: rca.Share{Affected: decimal.NewFromInt(300), Of: decimal.NewFromInt(1000)}},
				major("2025-04-16T10:00:00Z", "2025-04-16T10:30:00Z"),
			}, april, "99.847222", "25", 0},
		{"github: 129 minutes of a 90-day quarter is 99.900463%: met, no credit", "github-enterprise-cloud",
			[]rca.Impact{minutes("2025-02-10T00:00:00Z", 129)}, q1, "99.900463", "", 129},
		{"github: 130 minutes is 99.899691%: at most 99.9 and above 99.0, 10%", "github-enterprise-cloud",
			[]rca.Impact{minutes("2025-02-10T00:00:00Z", 130)}, q1, "99.899691", "10", 130},
		{"github: 1,296 minutes is exactly 99.0%: in neither band, as written", "github-enterprise-cloud",
			[]rca.Impact{minutes("2025-02-10T00:00:00Z", 1296)}, q1, "99.000000", "", 1296},
		{"github: 1,297 minutes is below 99.0%: 25%", "github-enterprise-cloud",
			[]rca.Impact{minutes("2025-02-10T00:00:00Z", 1297)}, q1, "98.999228", "25", 1297},
		{"slack: February's 6 hours of maintenance and May's 6 exceed 10 hours a year by 2: 120 of 131,040 minutes in Q2", "slack", nil,
			withExcl(sla.Options{From: at("2024-04-01T00:00:00Z"), To: at("2024-07-01T00:00:00Z")},
				maint("2024-02-10T02:00:00Z", "2024-02-10T08:00:00Z", "2024-02-07T00:00:00Z"),
				maint("2024-05-11T02:00:00Z", "2024-05-11T08:00:00Z", "2024-05-08T00:00:00Z"),
			), "99.908425", "", 0},
		{"digitalocean: 10:02–10:13 touches three 5-minute intervals, a 4-minute failure is no unavailability", "digitalocean-droplets",
			[]rca.Impact{major("2025-04-15T10:02:00Z", "2025-04-15T10:13:00Z"), major("2025-04-15T09:00:00Z", "2025-04-15T09:04:00Z")},
			april, "99.965278", "", 3},
		{"linode: maintenance announced 30 hours ahead is excluded, 12 hours ahead it counts", "linode-compute",
			[]rca.Impact{major("2025-04-10T02:00:00Z", "2025-04-10T03:00:00Z"), major("2025-04-20T02:00:00Z", "2025-04-20T03:00:00Z")},
			withExcl(april,
				maint("2025-04-10T02:00:00Z", "2025-04-10T03:00:00Z", "2025-04-08T20:00:00Z"),
				maint("2025-04-20T02:00:00Z", "2025-04-20T03:00:00Z", "2025-04-19T14:00:00Z"),
			), "99.861111", "", 0},
		{"statuspage: 5 minutes major and 30 partial count 5 + 0.3 × 30 = 14 minutes", "statuspage-weighted",
			[]rca.Impact{major("2025-04-15T10:00:00Z", "2025-04-15T10:05:00Z"),
				{Component: "service", Level: rca.PartialOutage, Start: at("2025-04-15T12:00:00Z"), End: at("2025-04-15T12:30:00Z")}},
			april, "99.967593", "", 0},
		{"statuspage: 5m30s major and 10m45s partial count 5 + 0.3 × 10 = 8 minutes", "statuspage-weighted",
			[]rca.Impact{major("2025-04-15T10:00:00Z", "2025-04-15T10:05:30Z"),
				{Component: "service", Level: rca.PartialOutage, Start: at("2025-04-15T10:05:30Z"), End: at("2025-04-15T10:16:15Z")}},
			april, "99.981481", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := catalog.Policy(tt.entry)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := sla.Measure(p, []*rca.Incident{{ID: "example", Impacts: tt.impacts}}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 1 {
				t.Fatalf("%d windows, want 1", len(rs))
			}
			r := &rs[0]
			credit := ""
			if i := p.Tiers.Find(r); i >= 0 {
				credit = p.Tiers[i].Credit.String()
			}
			got := []any{r.AvailabilityAt(6).StringFixed(6), credit, len(r.DownIntervals)}
			if diff := cmp.Diff([]any{tt.avail, tt.credit, tt.intervals}, got); diff != "" {
				t.Errorf("availability, credit, down intervals (-want +got):\n%s", diff)
			}
		})
	}
}

// TestCatalogPlans: every plans file loads, its plans are measured by the
// entry's policy, and the credit side of the terms reproduces the worked
// figures of catalog/SOURCES.md with the files' example prices.
func TestCatalogPlans(t *testing.T) {
	entries, err := catalog.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Plans {
			continue
		}
		plans, err := catalog.Plans(e.Name)
		if err != nil {
			t.Errorf("%s: %v", e.Name, err)
			continue
		}
		for _, p := range plans {
			if p.Policy != e.Name {
				t.Errorf("%s: plan %q is measured by %q", e.Name, p.ID, p.Policy)
			}
		}
	}
	maint := func(start, end, announced string) sla.Exclusion {
		return sla.Exclusion{Start: at(start), End: at(end), Announced: at(announced), Maintenance: true}
	}
	tests := []struct {
		name     string
		entry    string
		impacts  []rca.Impact
		from, to string
		excl     []sla.Exclusion
		want     map[string]string // plan → amount of the window
	}{
		{"aws ec2 region: an hour down in April is 99.86%, 10% of 1,000.00", "aws-ec2-region",
			[]rca.Impact{major("2025-04-15T10:00:00Z", "2025-04-15T11:00:00Z")}, "2025-04-01T00:00:00Z", "2025-05-01T00:00:00Z", nil,
			map[string]string{"aws-ec2-region": "100.00"}},
		{"aws ec2 instance: 17 minutes meet the month's 99.5%, but two clock hours over six minutes are not charged: 2 × 0.096", "aws-ec2-instance",
			[]rca.Impact{major("2025-04-15T10:00:00Z", "2025-04-15T10:07:00Z"), major("2025-04-15T14:10:00Z", "2025-04-15T14:20:00Z")},
			"2025-04-01T00:00:00Z", "2025-05-01T00:00:00Z", nil,
			map[string]string{"aws-ec2-instance": "0.00", "aws-ec2-instance-hours": "0.19"}},
		{"github: 1,297 minutes of Q1 2025 are below 99.0%: 25% of 63.00", "github-enterprise-cloud",
			[]rca.Impact{major("2025-02-10T00:00:00Z", "2025-02-10T21:37:00Z")}, "2025-01-01T00:00:00Z", "2025-04-01T00:00:00Z", nil,
			map[string]string{"github-enterprise-cloud": "15.75"}},
		// The 2 hours over the allowance are on May 11, in May's billing
		// period (15.00 for 31 days, 44,640 minutes): what the workspace
		// paid while Slack was down is 15 × 120 ÷ 44,640, × 10 = 0.403….
		{"slack: maintenance 2 hours over the year's 10 is credited 10 times what it cost: 0.40", "slack", nil,
			"2024-04-01T00:00:00Z", "2024-07-01T00:00:00Z", []sla.Exclusion{
				maint("2024-02-10T02:00:00Z", "2024-02-10T08:00:00Z", "2024-02-07T00:00:00Z"),
				maint("2024-05-11T02:00:00Z", "2024-05-11T08:00:00Z", "2024-05-08T00:00:00Z"),
			}, map[string]string{"slack": "0.40"}},
		{"digitalocean: 15 minutes of 5-minute intervals lost, a started hour at 0.00893: 0.01", "digitalocean-droplets",
			[]rca.Impact{major("2025-04-15T10:02:00Z", "2025-04-15T10:13:00Z")}, "2025-04-01T00:00:00Z", "2025-05-01T00:00:00Z", nil,
			map[string]string{"digitalocean-droplets": "0.01"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, err := catalog.Policy(tt.entry)
			if err != nil {
				t.Fatal(err)
			}
			plans, err := catalog.Plans(tt.entry)
			if err != nil {
				t.Fatal(err)
			}
			c, err := credit.NewCalculator(credit.Config{Plans: plans, Policies: []*sla.Policy{pol},
				Incidents: []*rca.Incident{{ID: "example", Impacts: tt.impacts}}, From: at(tt.from), To: at(tt.to), Exclusions: tt.excl})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, p := range plans {
				lines, err := c.Credit(credit.Subscription{ID: "s-" + p.ID, Plan: p.ID, Quantity: 1, AnchorDay: 1, From: at("2024-01-01T00:00:00Z")})
				if err != nil {
					t.Fatal(err)
				}
				if len(lines) != 1 {
					t.Fatalf("%s: %d lines, want 1", p.ID, len(lines))
				}
				got[p.ID] = credit.FormatAmount(lines[0].Amount, lines[0].Currency)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("credits (-want +got):\n%s", diff)
			}
		})
	}
}
