package fileformat

import (
	"encoding"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/text/currency"
)

// kind is how a Go type is written in a file.
type kind uint8

const (
	kUnsupported kind = iota
	kString
	kBool
	kInt
	kUint
	kDecimal
	kTime
	kDuration
	kLocation
	kCurrency
	kText // encoding.TextUnmarshaler
	kPointer
	kSlice
	kMap
	kStruct
)

var (
	timeType            = reflect.TypeFor[time.Time]()
	durationType        = reflect.TypeFor[time.Duration]()
	locationType        = reflect.TypeFor[*time.Location]()
	decimalType         = reflect.TypeFor[decimal.Decimal]()
	currencyType        = reflect.TypeFor[currency.Unit]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	textMarshalerType   = reflect.TypeFor[encoding.TextMarshaler]()
)

// kindOf classifies t. The types with their own text form come first:
// time.Time and decimal.Decimal implement encoding.TextUnmarshaler too, but
// are read by the rules of this package.
func kindOf(t reflect.Type) kind {
	switch t {
	case timeType:
		return kTime
	case durationType:
		return kDuration
	case locationType:
		return kLocation
	case decimalType:
		return kDecimal
	case currencyType:
		return kCurrency
	}
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return kText
	}
	switch t.Kind() {
	case reflect.String:
		return kString
	case reflect.Bool:
		return kBool
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return kInt
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return kUint
	case reflect.Pointer:
		return kPointer
	case reflect.Slice:
		return kSlice
	case reflect.Map:
		return kMap
	case reflect.Struct:
		return kStruct
	}
	return kUnsupported
}

// isScalar reports whether values of kind k are written as one scalar.
func (k kind) isScalar() bool { return k >= kString && k <= kText }

// field is a struct field of the schema.
type field struct {
	name     string // the name in files
	index    []int  // for reflect.Value.FieldByIndex
	typ      reflect.Type
	keepZero bool // tag option keepzero: Encode writes the zero value
}

// fieldsOf lists the fields of struct type t that files can hold, in
// declaration order.
//
// The rules: a field is in the schema when it is exported and has a yaml
// tag naming it (`yaml:"name"`). Fields tagged `yaml:"-"` and untagged
// fields are left out: the schema is what the tags say, so renaming a Go
// field never changes a file format. An embedded struct (not a pointer)
// without a tag name, or tagged `yaml:",inline"`, has its fields promoted.
// The option keepzero (`yaml:"status,keepzero"`) makes Encode write the
// field's zero value; Decode reads the field as any other. Other options
// are ignored. When two fields claim one name, the first wins.
func fieldsOf(t reflect.Type) []field {
	var out []field
	seen := map[string]bool{}
	var walk func(t reflect.Type, index []int, depth int)
	walk = func(t reflect.Type, index []int, depth int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag, hasTag := f.Tag.Lookup("yaml")
			name, _, _ := strings.Cut(tag, ",")
			idx := append(append([]int(nil), index...), i)
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct && depth < 8 &&
				(!hasTag || strings.Contains(tag, "inline")) {
				walk(f.Type, idx, depth+1)
				continue
			}
			if !f.IsExported() || name == "" || name == "-" || seen[name] {
				continue
			}
			seen[name] = true
			out = append(out, field{name: name, index: idx, typ: f.Type, keepZero: hasOption(tag, "keepzero")})
		}
	}
	walk(t, nil, 0)
	return out
}

// FieldNames returns the names of the fields a file of v's type has at
// its top level (v is a struct or a pointer to one), in declaration order.
func FieldNames(v any) []string {
	t := reflect.TypeOf(v)
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var names []string
	for _, f := range fieldsOf(t) {
		names = append(names, f.name)
	}
	return names
}

// fieldCache holds the fieldsOf of the struct types one Decode or Encode
// meets.
type fieldCache map[reflect.Type][]field

// of returns fieldsOf(t), computing it once.
func (c fieldCache) of(t reflect.Type) []field {
	fields, ok := c[t]
	if !ok {
		fields = fieldsOf(t)
		c[t] = fields
	}
	return fields
}

// hasOption reports whether the yaml tag has option opt after its name.
func hasOption(tag, opt string) bool {
	_, opts, _ := strings.Cut(tag, ",")
	for o := range strings.SplitSeq(opts, ",") {
		if o == opt {
			return true
		}
	}
	return false
}

// checkType reports Go types this package cannot read or write, so that a
// programming mistake shows at once rather than when a file has the field.
func checkType(t reflect.Type) error {
	return check(t, t.String(), map[reflect.Type]bool{})
}

func check(t reflect.Type, where string, seen map[reflect.Type]bool) error {
	if seen[t] {
		return nil
	}
	seen[t] = true
	switch k := kindOf(t); {
	case k.isScalar():
		return nil
	case k == kPointer, k == kSlice:
		if t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8 && kindOf(t.Elem()) == kUint {
			return fmt.Errorf("fileformat: %s: type %s is not supported (byte slices have no text form)", where, t)
		}
		return check(t.Elem(), where+"[]", seen)
	case k == kMap:
		switch kk := kindOf(t.Key()); {
		case kk == kDecimal || kk == kTime:
			return fmt.Errorf("fileformat: %s: map key type %s is not supported (its == is not equality)", where, t.Key())
		case !kk.isScalar():
			return fmt.Errorf("fileformat: %s: map key type %s is not supported", where, t.Key())
		}
		return check(t.Elem(), where+"[]", seen)
	case k == kStruct:
		for _, f := range fieldsOf(t) {
			if f.keepZero && !kindOf(f.typ).isScalar() {
				return fmt.Errorf("fileformat: %s.%s: keepzero applies to single values, not to type %s", where, f.name, f.typ)
			}
			if err := check(f.typ, where+"."+f.name, seen); err != nil {
				return err
			}
		}
		return nil
	}
	return fmt.Errorf("fileformat: %s: type %s is not supported", where, t)
}
