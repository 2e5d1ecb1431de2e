package openslo

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/outagekit/postmortem/internal/fileformat"
	"github.com/outagekit/postmortem/internal/problem"
	"github.com/outagekit/postmortem/sla"
)

// Opts are the options of Load.
//
// Opts is a plain value: safe for concurrent use.
type Opts struct {
	// SLO is the metadata.name of the SLO to read when the file holds
	// several; empty means the file's only SLO.
	SLO string
	// Objective is the displayName of the objective to read when the SLO
	// has several (an internal objective and the contract's, say); empty
	// means the SLO's only objective.
	Objective string
}

// SLO is an OpenSLO SLO read as an SLA policy.
//
// An SLO is safe for concurrent use as long as no goroutine modifies it.
type SLO struct {
	Policy *sla.Policy
	// Ratio is how the SLI's ratio metric reads its data.
	Ratio Ratio
}

// Ratio describes an SLI's ratioMetric: which queries it gives.
//
// Ratio is a plain value: safe for concurrent use.
type Ratio struct {
	// Counter: the good, bad and total queries are monotonically
	// increasing counters.
	Counter bool
	// Good, Bad and Total say which of those queries the SLI gives (Total
	// with one of Good and Bad).
	Good, Bad, Total bool
	// Raw says the SLI reads a precomputed ratio; RawType is "success"
	// (good ÷ total) or "failure" (bad ÷ total).
	Raw     bool
	RawType string
}

// apiVersion is the version of the specification read.
const apiVersion = "openslo/v1"

// Is reports whether data is an OpenSLO document: its first YAML document
// has a top-level apiVersion starting with "openslo/".
func Is(data []byte) bool {
	if _, ok := fileformat.TooManyValues("", data); ok {
		// Too many values to parse: whoever reads it as its own format
		// refuses it for that.
		return false
	}
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil || len(doc.Content) != 1 {
		return false
	}
	v := field(doc.Content[0], "apiVersion")
	return v != nil && v.Kind == yaml.ScalarNode && strings.HasPrefix(v.Value, "openslo/")
}

// Load reads an OpenSLO file (one or more YAML documents: its SLO, and the
// SLI it refers to by indicatorRef) and returns the SLO as an sla.Policy
// that measures the same: see the package documentation for what maps to
// what, and what has no equivalent. name is the file name problems give.
//
// Problems are returned together as a *rca.ValidationError, each with the
// file, line, column and field path ("spec.objectives[0].target").
func Load(name string, data []byte, opts Opts) (*SLO, error) {
	l := &reader{file: name}
	if p, ok := fileformat.TooManyValues(name, data); ok {
		l.AddProblem(p)
		return nil, l.Err()
	}
	docs := l.documents(data)
	var slos []*yaml.Node
	slis := map[string]*yaml.Node{}
	for _, doc := range docs {
		if doc.Kind != yaml.MappingNode {
			l.add(doc, "", "the top level must be a mapping with apiVersion, kind, metadata and spec")
			continue
		}
		v := field(doc, "apiVersion")
		if v == nil || v.Value != apiVersion {
			got := "none"
			if v != nil {
				got = strconv.Quote(v.Value)
			}
			l.add(orNode(v, doc), "apiVersion", fmt.Sprintf("%s: want %q (OpenSLO v1)", got, apiVersion))
			continue
		}
		switch kind := scalar(field(doc, "kind")); kind {
		case "SLO":
			slos = append(slos, doc)
		case "SLI":
			if n := scalar(field(field(doc, "metadata"), "name")); n != "" {
				slis[n] = doc
			}
		}
	}
	if l.Len() > 0 {
		return nil, l.Err()
	}
	doc, err := l.choose(slos, opts.SLO, docs)
	if err != nil {
		return nil, err
	}
	slo := l.slo(doc, slis, opts)
	if l.Len() > 0 {
		return nil, l.Err()
	}
	return slo, nil
}

// reader collects the located problems of one file.
type reader struct {
	file string
	problem.List
}

// add records a problem at node n, whose path is path.
func (l *reader) add(n *yaml.Node, path, msg string) {
	p := problem.Problem{File: l.file, Path: path, Msg: msg, Line: 1}
	if n != nil && n.Line > 0 {
		p.Line, p.Column = n.Line, n.Column
	}
	l.AddProblem(p)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// documents parses the YAML documents of data.
func (l *reader) documents(data []byte) []*yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []*yaml.Node
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			p := problem.Problem{File: l.file, Line: 1, Msg: "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: ")}
			if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
				p.Line, _ = strconv.Atoi(m[1])
				p.Msg = "invalid YAML: " + m[2]
			}
			l.AddProblem(p)
			return nil
		}
		if len(doc.Content) == 1 {
			docs = append(docs, doc.Content[0])
		}
	}
	if len(docs) == 0 && l.Len() == 0 {
		l.AddProblem(problem.Problem{File: l.file, Line: 1, Msg: "empty document: want an OpenSLO SLO"})
	}
	return docs
}

// choose returns the SLO document named name, or the only one.
func (l *reader) choose(slos []*yaml.Node, name string, docs []*yaml.Node) (*yaml.Node, error) {
	var names []string
	for _, s := range slos {
		n := scalar(field(field(s, "metadata"), "name"))
		if name != "" && n == name {
			return s, nil
		}
		names = append(names, n)
	}
	switch {
	case len(slos) == 0:
		l.add(docs[0], "kind", "no document of kind SLO in the file")
	case name != "":
		l.add(slos[0], "metadata.name", fmt.Sprintf("no SLO named %q (the file has %q)", name, names))
	case len(slos) > 1:
		l.add(slos[1], "kind", fmt.Sprintf("%d SLOs (%q): name the one to read", len(slos), names))
	default:
		return slos[0], nil
	}
	return nil, l.Err()
}

// slo reads an SLO document.
func (l *reader) slo(doc *yaml.Node, slis map[string]*yaml.Node, opts Opts) *SLO {
	l.known(doc, "", "apiVersion", "kind", "metadata", "spec")
	meta := field(doc, "metadata")
	p := &sla.Policy{Indicator: sla.RequestBased}
	p.ID = scalar(field(meta, "name"))
	p.Name = scalar(field(meta, "displayName"))
	if p.ID == "" {
		l.add(orNode(meta, doc), "metadata.name", "missing")
	}
	spec := field(doc, "spec")
	if spec == nil || spec.Kind != yaml.MappingNode {
		l.add(orNode(spec, doc), "spec", "missing: want the SLO's spec")
		return nil
	}
	l.known(spec, "spec", "description", "service", "indicator", "indicatorRef", "timeWindow", "budgetingMethod", "objectives", "alertPolicies")
	p.Description = scalar(field(spec, "description"))

	obj, objPath := l.objective(spec, opts.Objective)
	l.window(spec, p)
	method := field(spec, "budgetingMethod")
	switch m := scalar(method); m {
	case "RatioTimeslices":
	case "Occurrences":
		l.add(method, "spec.budgetingMethod", "Occurrences (good events ÷ all events over the whole window) has no equivalent: "+
			"the sla package's request-based availability is the mean of the intervals' error rates, which is RatioTimeslices")
	case "Timeslices":
		l.add(method, "spec.budgetingMethod", "Timeslices (the share of time slices whose ratio meets timeSliceTarget) has no equivalent: "+
			"the sla package's request-based availability is the mean of the intervals' error rates, which is RatioTimeslices")
	case "":
		l.add(orNode(method, spec), "spec.budgetingMethod", "missing: want RatioTimeslices")
	default:
		l.add(method, "spec.budgetingMethod", fmt.Sprintf("%q: want Occurrences, Timeslices or RatioTimeslices (and only RatioTimeslices has an equivalent)", m))
	}
	if obj != nil {
		l.target(obj, objPath, p)
		if w := field(obj, "timeSliceWindow"); w == nil {
			l.add(obj, objPath+".timeSliceWindow", "missing: RatioTimeslices needs the slices' length, the policy's request interval")
		} else if d, ok := l.sliceWindow(w, objPath+".timeSliceWindow"); ok {
			p.Requests.Interval = d
		}
	}

	// The SLI: the objective's own (a composite SLO), else the SLO's.
	ind, indPath := field(obj, "indicator"), objPath+".indicator"
	ref, refPath := field(obj, "indicatorRef"), objPath+".indicatorRef"
	if ind == nil && ref == nil {
		ind, indPath = field(spec, "indicator"), "spec.indicator"
		ref, refPath = field(spec, "indicatorRef"), "spec.indicatorRef"
	}
	var sliSpec *yaml.Node
	switch {
	case ind != nil:
		sliSpec, indPath = field(ind, "spec"), indPath+".spec"
	case ref != nil:
		sli := slis[scalar(ref)]
		if sli == nil {
			l.add(ref, refPath, fmt.Sprintf("no SLI named %q in the file: give its document too (kind: SLI)", scalar(ref)))
			return nil
		}
		sliSpec, indPath = field(sli, "spec"), "spec"
	default:
		l.add(spec, "spec.indicator", "missing: give the SLI (indicator, or indicatorRef and its document)")
		return nil
	}
	ratio := l.ratio(sliSpec, indPath)
	if l.Len() > 0 {
		return nil
	}
	if err := p.Validate(); err != nil {
		l.policyProblems(err, doc, obj, objPath)
		return nil
	}
	return &SLO{Policy: p, Ratio: ratio}
}

// objective returns the objective to read, and its path.
func (l *reader) objective(spec *yaml.Node, name string) (*yaml.Node, string) {
	objs := field(spec, "objectives")
	if objs == nil || objs.Kind != yaml.SequenceNode || len(objs.Content) == 0 {
		l.add(orNode(objs, spec), "spec.objectives", "missing: want the objective (target)")
		return nil, ""
	}
	var names []string
	for i, o := range objs.Content {
		n := scalar(field(o, "displayName"))
		if name != "" && n == name || name == "" && len(objs.Content) == 1 {
			path := problem.Index("spec.objectives", i)
			l.known(o, path, "displayName", "op", "value", "target", "targetPercent", "timeSliceTarget", "timeSliceWindow", "indicator", "indicatorRef", "compositeWeight")
			return o, path
		}
		names = append(names, n)
	}
	if name != "" {
		l.add(objs, "spec.objectives", fmt.Sprintf("no objective named %q (the SLO has %s)", name, quoteSome(names)))
	} else {
		l.add(objs, "spec.objectives", fmt.Sprintf("%d objectives (%s): name the one to read", len(objs.Content), quoteSome(names)))
	}
	return nil, ""
}

// maxNamesShown is how many objective names a problem lists: a document
// of 100,000 objectives must not make a problem of megabytes.
const maxNamesShown = 10

// quoteSome quotes names as a list, the first maxNamesShown of them and
// the number of the others.
func quoteSome(names []string) string {
	if len(names) <= maxNamesShown {
		return fmt.Sprintf("%q", names)
	}
	return fmt.Sprintf("%q … and %d more", names[:maxNamesShown], len(names)-maxNamesShown)
}

// hundred is 100.
var hundred = decimal.NewFromInt(100)

// target reads the objective's target (a ratio) or targetPercent.
func (l *reader) target(obj *yaml.Node, path string, p *sla.Policy) {
	t, tp := field(obj, "target"), field(obj, "targetPercent")
	switch {
	case t != nil && tp != nil:
		l.add(tp, path+".targetPercent", "both target and targetPercent are given: give one")
	case t != nil:
		d, ok := l.decimal(t, path+".target")
		if ok && (d.Sign() <= 0 || d.GreaterThanOrEqual(decimal.NewFromInt(1))) {
			l.add(t, path+".target", fmt.Sprintf("%s is not a target in (0, 1)", t.Value))
		}
		p.Objective = d.Mul(hundred)
	case tp != nil:
		d, ok := l.decimal(tp, path+".targetPercent")
		if ok && (d.Sign() <= 0 || d.GreaterThanOrEqual(hundred)) {
			l.add(tp, path+".targetPercent", fmt.Sprintf("%s is not a percentage in (0, 100)", tp.Value))
		}
		p.Objective = d
	default:
		l.add(obj, path+".target", "missing: give target or targetPercent")
	}
}

// decimal reads a number exactly from its digits.
func (l *reader) decimal(n *yaml.Node, path string) (decimal.Decimal, bool) {
	if n.Kind != yaml.ScalarNode || len(n.Value) > 100 {
		l.add(n, path, "want a number")
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(n.Value)
	if err != nil || d.Exponent() < -100 || d.Exponent() > 100 {
		l.add(n, path, fmt.Sprintf("%q is not a number", n.Value))
		return decimal.Decimal{}, false
	}
	return d, true
}

// window reads timeWindow into p.Window.
func (l *reader) window(spec *yaml.Node, p *sla.Policy) {
	tw := field(spec, "timeWindow")
	if tw == nil || tw.Kind != yaml.SequenceNode || len(tw.Content) != 1 {
		l.add(orNode(tw, spec), "spec.timeWindow", "want a list of exactly one window")
		return
	}
	w := tw.Content[0]
	const path = "spec.timeWindow[0]"
	l.known(w, path, "duration", "isRolling", "calendar")
	durNode := field(w, "duration")
	n, unit, ok := shorthand(scalar(durNode))
	if !ok {
		l.add(orNode(durNode, w), path+".duration", fmt.Sprintf("%q: want a duration shorthand such as 30d, 4w, 1M, 1Q, 1Y", scalar(durNode)))
		return
	}
	rolling := scalar(field(w, "isRolling")) == "true"
	cal := field(w, "calendar")
	switch {
	case rolling && cal != nil:
		l.add(cal, path+".calendar", "a rolling window has no calendar: set isRolling: false or drop calendar")
	case rolling:
		days := int64(-1)
		switch unit {
		case 'd':
			days = n
		case 'w':
			days = 7 * n
		case 'h':
			if n%24 == 0 {
				days = n / 24
			}
		case 'm':
			if n%1440 == 0 {
				days = n / 1440
			}
		}
		if days < 1 || days > 36500 {
			l.add(durNode, path+".duration", fmt.Sprintf("%q has no equivalent: the sla package's rolling windows are 1 to 36500 whole days", durNode.Value))
			return
		}
		p.Window = sla.Window{Kind: sla.Rolling, Days: int(days)}
	case cal != nil:
		l.calendar(cal, path+".calendar", durNode, n, unit, p)
	default:
		l.add(w, path, "neither isRolling: true nor a calendar: say which window it is")
	}
}

// calendar reads a calendar-aligned window of n units.
func (l *reader) calendar(cal *yaml.Node, path string, durNode *yaml.Node, n int64, unit byte, p *sla.Policy) {
	l.known(cal, path, "startTime", "timeZone")
	var kind sla.WindowKind
	months := 0
	switch {
	case n == 1 && unit == 'M':
		kind, months = sla.Month, 1
	case n == 1 && unit == 'Q':
		kind, months = sla.Quarter, 3
	case n == 1 && unit == 'Y':
		kind, months = sla.Year, 12
	default:
		l.add(durNode, "spec.timeWindow[0].duration", fmt.Sprintf("%q has no equivalent: the sla package's calendar windows are one month (1M), quarter (1Q) or year (1Y)", durNode.Value))
		return
	}
	loc := time.UTC
	if z := field(cal, "timeZone"); z != nil {
		var err error
		if loc, err = time.LoadLocation(z.Value); err != nil || z.Value == "Local" || z.Value == "" {
			l.add(z, path+".timeZone", fmt.Sprintf("%q is not an IANA time zone", z.Value))
			return
		}
	}
	p.Window = sla.Window{Kind: kind, Zone: loc}
	st := field(cal, "startTime")
	if st == nil {
		return
	}
	t, err := time.ParseInLocation(time.DateTime, st.Value, loc)
	if err != nil {
		if t, err = time.ParseInLocation(time.DateOnly, st.Value, loc); err != nil {
			l.add(st, path+".startTime", fmt.Sprintf("%q: want a date and time such as 2024-01-01 00:00:00", st.Value))
			return
		}
	}
	if t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0 || t.Day() != 1 || (int(t.Month())-1)%months != 0 {
		l.add(st, path+".startTime", fmt.Sprintf("%q has no equivalent: the sla package's %s windows start at midnight on the first day of a %s", st.Value, kind, kind))
	}
}

// sliceWindow reads timeSliceWindow: a duration shorthand of minutes,
// hours, days or weeks, or a number of minutes.
func (l *reader) sliceWindow(n *yaml.Node, path string) (time.Duration, bool) {
	v, unit, ok := shorthand(n.Value)
	if !ok {
		if m, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			v, unit, ok = m, 'm', true
		}
	}
	units := map[byte]time.Duration{'m': time.Minute, 'h': time.Hour, 'd': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	u, fixed := units[unit]
	switch {
	case !ok:
		l.add(n, path, fmt.Sprintf("%q: want a duration shorthand such as 5m or 1h, or a number of minutes", n.Value))
	case !fixed:
		l.add(n, path, fmt.Sprintf("%q has no equivalent: the sla package's request intervals have a fixed length", n.Value))
	case v < 1 || v > int64(36500*24*time.Hour/u):
		l.add(n, path, fmt.Sprintf("%q is not a length from one minute to 100 years", n.Value))
	default:
		return time.Duration(v) * u, true
	}
	return 0, false
}

// shorthand splits an OpenSLO duration shorthand ("30d") into its number
// and unit.
func shorthand(s string) (int64, byte, bool) {
	if len(s) < 2 || !strings.ContainsRune("mhdwMQY", rune(s[len(s)-1])) {
		return 0, 0, false
	}
	n, err := strconv.ParseInt(s[:len(s)-1], 10, 64)
	if err != nil || n < 1 || s[0] == '+' {
		return 0, 0, false
	}
	return n, s[len(s)-1], true
}

// ratio reads an SLI's spec: a ratioMetric, the only kind of indicator
// with an equivalent.
func (l *reader) ratio(spec *yaml.Node, path string) Ratio {
	var r Ratio
	if th := field(spec, "thresholdMetric"); th != nil {
		l.add(th, path+".thresholdMetric", "a threshold metric (a raw value compared with op and value) has no equivalent: "+
			"the sla package measures requests; give a ratioMetric")
		return r
	}
	rm := field(spec, "ratioMetric")
	if rm == nil {
		l.add(orNode(spec, nil), path+".ratioMetric", "missing: give the SLI's ratioMetric")
		return r
	}
	path += ".ratioMetric"
	l.known(rm, path, "counter", "good", "bad", "total", "rawType", "raw")
	r.Counter = scalar(field(rm, "counter")) == "true"
	r.Good, r.Bad, r.Total, r.Raw = field(rm, "good") != nil, field(rm, "bad") != nil, field(rm, "total") != nil, field(rm, "raw") != nil
	r.RawType = scalar(field(rm, "rawType"))
	switch {
	case r.Raw && (r.Good || r.Bad || r.Total):
		l.add(rm, path, "raw with good, bad or total: give raw alone, or total with good or bad")
	case r.Raw && r.RawType != "success" && r.RawType != "failure":
		l.add(orNode(field(rm, "rawType"), rm), path+".rawType", fmt.Sprintf("%q: want success or failure", r.RawType))
	case r.Raw:
	case r.Good && r.Bad:
		l.add(rm, path, "both good and bad: give one of them, with total")
	case !r.Total || !r.Good && !r.Bad:
		l.add(rm, path, "want total with good or bad, or raw with rawType")
	}
	return r
}

// policyProblems reports the sla validation problems of the policy read
// at the OpenSLO fields they come from.
func (l *reader) policyProblems(err error, doc, obj *yaml.Node, objPath string) {
	var perr *problem.Error
	if !errors.As(err, &perr) {
		l.add(doc, "", err.Error())
		return
	}
	for _, p := range perr.Problems {
		n, path := doc, ""
		switch {
		case p.Path == "objective":
			n, path = obj, objPath
		case strings.HasPrefix(p.Path, "requests"):
			n, path = orNode(field(obj, "timeSliceWindow"), obj), objPath+".timeSliceWindow"
		case strings.HasPrefix(p.Path, "window"):
			n, path = orNode(field(field(doc, "spec"), "timeWindow"), doc), "spec.timeWindow"
		}
		l.add(n, path, "as an SLA policy: "+p.Path+": "+p.Msg)
	}
}

// known reports the keys of mapping n that are not among keys: a typo in
// an SLO must not vanish.
func (l *reader) known(n *yaml.Node, path string, keys ...string) {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		if n != nil {
			l.add(n, path, "want a mapping")
		}
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		switch {
		case k.Value == "":
			l.add(k, path, fmt.Sprintf("empty field name (want one of %s)", strings.Join(keys, ", ")))
		case !slices.Contains(keys, k.Value):
			l.add(k, problem.Join(path, k.Value), fmt.Sprintf("unknown field (want one of %s)", strings.Join(keys, ", ")))
		}
	}
}

// field returns the value of key in mapping n, following aliases; nil
// when n is not a mapping or has no such key.
func field(n *yaml.Node, key string) *yaml.Node {
	n = resolve(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return resolve(n.Content[i+1])
		}
	}
	return nil
}

// resolve follows an alias to the node it names (at most a few times: an
// alias of an alias is rare, a loop impossible in valid YAML).
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 8; i++ {
		n = n.Alias
	}
	if n != nil && n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

// scalar returns the value of a scalar node, "" for anything else.
func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return ""
	}
	return n.Value
}

// orNode returns n, or else fallback.
func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return fallback
}
