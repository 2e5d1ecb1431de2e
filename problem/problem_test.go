package problem

import "testing"

func TestProblemString(t *testing.T) {
	tests := []struct {
		name string
		p    Problem
		want string
	}{
		{"everything", Problem{File: "a.yaml", Line: 3, Column: 7, Path: "timeline[3].at", Msg: "before the incident started"}, "a.yaml:3:7: timeline[3].at: before the incident started"},
		{"no column", Problem{File: "a.yaml", Line: 3, Path: "id", Msg: "missing"}, "a.yaml:3: id: missing"},
		{"no line", Problem{File: "a.yaml", Column: 7, Path: "id", Msg: "missing"}, "a.yaml: id: missing"},
		{"no path", Problem{File: "a.yaml", Line: 1, Msg: "empty document"}, "a.yaml:1: empty document"},
		{"no file", Problem{Line: 12, Column: 2, Msg: "bad row"}, "line 12: bad row"},
		{"only a path", Problem{Path: "impacts[1]", Msg: "ends before it starts"}, "impacts[1]: ends before it starts"},
		{"only a message", Problem{Msg: "no incidents"}, "no incidents"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		name string
		e    *Error
		want string
	}{
		{"none", &Error{}, "no problems"},
		{"one", &Error{Problems: []Problem{{Path: "id", Msg: "missing"}}}, "id: missing"},
		{"several", &Error{Problems: []Problem{{File: "a.yaml", Line: 1, Path: "id", Msg: "missing"}, {Path: "title", Msg: "too long"}}},
			"2 problems:\n  a.yaml:1: id: missing\n  title: too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.e.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}
