package main

import (
	"strings"

	"github.com/outagekit/postmortem/sla"
	"github.com/outagekit/postmortem/source"
	"github.com/outagekit/postmortem/source/prometheus"
)

// requestPaths returns the file names of -requests values ("[ROLE=]FILE").
func requestPaths(values []string) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = splitRole(v).file
	}
	return out
}

// roleFile is a -requests value: a role (empty when not given) and a file.
type roleFile struct{ role, file string }

func splitRole(v string) roleFile {
	if role, file, ok := strings.Cut(v, "="); ok {
		if _, err := prometheus.ParseRole(role); err == nil {
			return roleFile{role, file}
		}
	}
	return roleFile{"", v}
}

// readRequests reads the -requests files as the request counts of a
// request-based policy (source/prometheus). A file without a role is the
// policy's OpenSLO SLI's ratio (its rawType), else bad_ratio; an OpenSLO
// SLI of counters makes counter the default. ratioFile names the file
// the counts come from when it holds ratios: their counts are each step's
// ratio in lowest terms, not numbers of requests.
func (e *env) readRequests(policy *sla.Policy, values []string, counter bool) (reqs []sla.RequestCount, ratioFile string, err error) {
	if policy.Indicator != sla.RequestBased {
		return nil, "", usagef("-requests needs a request-based policy (indicator: requests); %q is time based", policy.ID)
	}
	defaultRole := prometheus.BadRatio
	if e.slo != nil {
		r := e.slo.Ratio
		counter = counter || r.Counter
		switch {
		case r.Raw && r.RawType == "success":
			defaultRole = prometheus.GoodRatio
		case !r.Raw && len(values) == 1 && splitRole(values[0]).role == "":
			return nil, "", usagef("the SLO's SLI is a ratio of two queries: give -requests total=FILE and -requests %s=FILE", map[bool]string{true: "good", false: "bad"}[r.Good])
		}
	}
	var series []prometheus.Series
	for _, v := range values {
		rf := splitRole(v)
		role := defaultRole
		if rf.role != "" {
			role, _ = prometheus.ParseRole(rf.role)
		}
		data, err := e.readInput(rf.file)
		if err != nil {
			return nil, "", err
		}
		if role == prometheus.BadRatio || role == prometheus.GoodRatio {
			ratioFile = displayName(rf.file)
		}
		series = append(series, prometheus.Series{Role: role, File: source.File{Name: displayName(rf.file), Data: data}})
	}
	reqs, err = prometheus.Requests(prometheus.Opts{Interval: policy.Requests.Interval, Counter: counter}, series...)
	if err != nil {
		if _, ok := asValidation(err); !ok {
			return nil, "", usagef("-requests: %v", err)
		}
		return nil, "", err
	}
	return reqs, ratioFile, nil
}
