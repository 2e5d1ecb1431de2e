package rca

import (
	"strings"
	"testing"
)

func TestCheckID(t *testing.T) {
	tests := []struct {
		name, id string
		ok       bool
	}{
		{"a ticket number", "INC-2025-0131", true},
		{"the seed's", "constant-contact-2014-04-18", true},
		{"other scripts' letters and digits", "Störung-١٢", true},
		{"punctuation allowed inside", "PD:Q1W2E3/b.c_d#4", true},
		{"the longest", strings.Repeat("a", MaxIDLength), true},
		{"empty", "", false},
		{"too long", strings.Repeat("a", MaxIDLength+1), false},
		{"the separator of a line's incidents", "INC;2025", false},
		{"a comma", "INC,2025", false},
		{"a quote", `INC"1`, false},
		{"a space", "INC 1", false},
		{"a line break", "INC-1\nX", false},
		{"a NUL", "INC\x00", false},
		{"a terminal escape", "INC\x1b[2K", false},
		{"a formula", "=1+1", false},
		{"plus", "+1", false},
		{"minus", "-1", false},
		{"at", "@SUM(1+1)", false},
		{"punctuation first", "#1", false},
		{"not UTF-8", "INC\xff", false},
		{"a right-to-left override", "INC\u202e1", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckID(tt.id); (err == nil) != tt.ok {
				t.Errorf("CheckID(%q) = %v, want ok %v", tt.id, err, tt.ok)
			}
		})
	}
}
