package enum

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type color uint8

var colorNames = Names[color]{"red", "", "dark_blue", "light-green"}

func TestString(t *testing.T) {
	tests := []struct {
		v    color
		want string
	}{
		{0, "red"},
		{2, "dark_blue"},
		{1, "enum.color(1)"}, // no name
		{9, "enum.color(9)"}, // beyond the table
	}
	for _, tt := range tests {
		if got := colorNames.String(tt.v); got != tt.want {
			t.Errorf("String(%d) = %q, want %q", tt.v, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	valid := []string{"red", "dark_blue", "light-green"}
	tests := []struct {
		in   string
		want color
		err  error
	}{
		{in: "red", want: 0},
		{in: "dark_blue", want: 2},
		{in: "Dark Blue", want: 2},
		{in: "DARK-BLUE", want: 2},
		{in: "  dark_blue\t", want: 2},
		{in: "", err: &UnknownError{Value: "", Valid: valid}},
		{in: "blue", err: &UnknownError{Value: "blue", Valid: valid}},
		{in: "dark__blue", err: &UnknownError{Value: "dark__blue", Valid: valid}},
		// Table names are normalised too, so one written with '-' matches.
		{in: "light-green", want: 3},
		{in: "Light Green", want: 3},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := colorNames.Parse(tt.in)
			if diff := cmp.Diff(tt.err, err); diff != "" {
				t.Fatalf("Parse(%q) error (-want +got):\n%s", tt.in, diff)
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestUnknownErrorMessage(t *testing.T) {
	_, err := colorNames.Parse("blue")
	want := `unknown value "blue" (want one of "red", "dark_blue", "light-green")`
	if err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
	var u *UnknownError
	if !errors.As(fmt.Errorf("level: %w", err), &u) || u.Value != "blue" {
		t.Errorf("errors.As did not find the UnknownError in %v", err)
	}
}

func TestUnmarshal(t *testing.T) {
	c := color(2)
	if err := colorNames.Unmarshal(&c, []byte("Red")); err != nil || c != 0 {
		t.Errorf("Unmarshal(Red) = %d, %v", c, err)
	}
	c = 2
	if err := colorNames.Unmarshal(&c, []byte("purple")); err == nil || c != 2 {
		t.Errorf("Unmarshal(purple) = %d, %v; want the value unchanged and an error", c, err)
	}
}

func ExampleNames_Parse() {
	type level uint8
	names := Names[level]{"operational", "partial_outage", "major_outage"}
	for _, s := range []string{"Partial Outage", "major-outage", "down"} {
		l, err := names.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(names.String(l))
	}
	// Output:
	// partial_outage
	// major_outage
	// unknown value "down" (want one of "operational", "partial_outage", "major_outage")
}
