package main

import (
	"os"
	"strings"
	"testing"
)

const badIncident = `id: broken
title: A broken incident
timeline:
  - at: 2014-04-18 10:32Z
    kind: started
  - at: 2014-04-18 09:00Z
    kind: resolved
impacts:
  - component: api
    level: major_outage
    start: 2014-04-18 10:32Z
    end: 2014-04-18 09:00Z
  - component: api
    level: catastrophic
    start: 2014-04-18 10:32Z
    end: 2014-04-18 11:00Z
`

const badPolicy = `id: broken-policy
objective: "101"
window:
  kind: month
  zone: Mars/Olympus_Mons
`

const badPlans = `plans:
  - id: p
    price: "1,5"
    currency: XXY
    rule: {kind: prorated}
`

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		path := dir + "/" + name
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	incident := write("bad-incident.yaml", badIncident)
	policy := write("bad-policy.yaml", badPolicy)
	plans := write("bad-plans.yaml", badPlans)
	syntax := write("syntax.yaml", "id: [unclosed\n")
	unknown := write("unknown.yaml", "name: what is this\n")
	noZone := write("no-zone.yaml", "id: local\ntimeline:\n  - {at: 2014-04-18 10:32, kind: started}\n  - {at: 2014-04-19T05:00Z, kind: resolved}\n")

	tests := []struct {
		name    string
		args    []string
		stdin   string
		code    int
		wantOut []string
		wantErr []string
	}{
		{
			name:    "every kind valid",
			args:    []string{seedIncident, seedPolicy, demoPlans, spExport},
			code:    exitOK,
			wantOut: []string{`seed-constant-contact-2014.yaml: ok: incident "constant-contact-2014-04-18"`, `ok: policy "seed-monthly-new-york" version "2014-04"`, "demo-plans.yaml: ok: 7 plans", "ok: Statuspage export of 1 incident"},
		},
		{
			name:  "incident from stdin",
			args:  []string{"-"},
			stdin: string(readFile(t, seedIncident)),
			code:  exitOK, wantOut: []string{`<stdin>: ok: incident "constant-contact-2014-04-18"`},
		},
		{
			name: "invalid incident: every problem with file, line and path",
			args: []string{incident},
			code: exitInvalid,
			wantErr: []string{
				incident + ":6:", "timeline[1].at",
				incident + ":12:5: impacts[0].end: before start",
				incident + ":14:", "impacts[1].level",
				"postmortem validate: 1 of 1 files invalid",
			},
		},
		{
			name: "local times in an incident that names no zone",
			args: []string{noZone},
			code: exitInvalid,
			wantErr: []string{
				noZone + `:3:10: timeline[0].at: "2014-04-18 10:32" has no offset and the file names no zone: add zone: <IANA name> or write an offset`,
				"postmortem validate: 1 of 1 files invalid",
			},
		},
		{
			name:    "invalid policy",
			args:    []string{policy},
			code:    exitInvalid,
			wantErr: []string{policy + ":2:", "objective", policy + ":5:", "window.zone"},
		},
		{
			name:    "invalid plans",
			args:    []string{plans},
			code:    exitInvalid,
			wantErr: []string{plans + ":3:", "plans[0].price", plans + ":4:", "plans[0].currency"},
		},
		{
			name:    "valid and invalid together",
			args:    []string{seedIncident, incident, seedPolicy},
			code:    exitInvalid,
			wantOut: []string{"seed-constant-contact-2014.yaml: ok", "seed-monthly-new-york.yaml: ok"},
			wantErr: []string{"1 of 3 files invalid"},
		},
		{
			name:    "syntax error",
			args:    []string{syntax},
			code:    exitInvalid,
			wantErr: []string{syntax + ":"},
		},
		{
			name:    "kind cannot be told",
			args:    []string{unknown},
			code:    exitInvalid,
			wantErr: []string{"cannot tell whether this is an incident", "give -kind"},
		},
		{
			name:    "explicit kind",
			args:    []string{"-kind", "incident", unknown},
			code:    exitInvalid,
			wantErr: []string{unknown + ":1:1: name: unknown field"},
		},
		{
			name:    "Statuspage export with problems",
			args:    []string{spMalformed},
			code:    exitInvalid,
			wantErr: []string{"malformed.json:4:13: incidents[0].id: missing"},
		},
		{
			name:    "missing file",
			args:    []string{"no-such-file.yaml"},
			code:    exitInvalid,
			wantErr: []string{"no-such-file.yaml: open no-such-file.yaml: no such file or directory"},
		},
		{name: "no file", args: nil, code: exitUsage, wantErr: []string{"no file given"}},
		{name: "stdin twice", args: []string{"-", "-"}, stdin: "id: x\n", code: exitUsage, wantErr: []string{`standard input ("-") given twice`}},
		{name: "unknown kind", args: []string{"-kind", "poem", seedIncident}, code: exitUsage, wantErr: []string{`-kind "poem": want one of`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runCLI(t, tt.stdin, append([]string{"validate"}, tt.args...)...)
			r.wantCode(t, tt.code)
			for _, w := range tt.wantOut {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("stdout does not contain %q:\n%s", w, r.stdout)
				}
			}
			for _, w := range tt.wantErr {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr does not contain %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}
