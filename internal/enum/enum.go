// Package enum converts small integer enumerations to and from the
// snake_case names the file formats use, so every enum of the module parses,
// prints and reports unknown names the same way.
package enum

import (
	"fmt"
	"strconv"
	"strings"
)

// Names lists the name of each value of an enumeration T, indexed by value.
// A Names table is immutable data: declare it once per type.
//
// It is safe for concurrent use as long as no goroutine modifies it, which
// nothing does after its declaration.
type Names[T ~uint8] []string

// String returns the name of v, or "T(n)" for a value without a name.
func (n Names[T]) String(v T) string {
	if int(v) < len(n) && n[v] != "" {
		return n[v]
	}
	return fmt.Sprintf("%T(%d)", v, uint8(v))
}

// Parse returns the value named s. Matching ignores case and surrounding
// spaces and treats '-' and ' ' like '_'. The error lists the valid names.
func (n Names[T]) Parse(s string) (T, error) {
	k := normalize(s)
	for i, name := range n {
		if name != "" && normalize(name) == k {
			return T(i), nil
		}
	}
	return 0, &UnknownError{Value: s, Valid: n.valid()}
}

// normalize is the form names are compared in: lower case, without
// surrounding spaces, with '-' and ' ' as '_'.
func normalize(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return '_'
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// valid returns the names in value order, without empty ones.
func (n Names[T]) valid() []string {
	out := make([]string, 0, len(n))
	for _, name := range n {
		if name != "" {
			out = append(out, name)
		}
	}
	return out
}

// UnknownError is returned by Parse for a name that is not in the table.
//
// UnknownError is a plain value: safe for concurrent use.
type UnknownError struct {
	Value string
	Valid []string
}

func (e *UnknownError) Error() string {
	q := make([]string, len(e.Valid))
	for i, v := range e.Valid {
		q[i] = strconv.Quote(v)
	}
	return fmt.Sprintf("unknown value %q (want one of %s)", e.Value, strings.Join(q, ", "))
}

// Unmarshal parses the name in b into *v, for UnmarshalText methods.
func (n Names[T]) Unmarshal(v *T, b []byte) error {
	x, err := n.Parse(string(b))
	if err != nil {
		return err
	}
	*v = x
	return nil
}
