package credit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/outagekit/postmortem/internal/csvcell"
)

// csvRecord is one result of reading a record: its fields and line, or
// its error.
type csvRecord struct {
	Fields []string
	Line   int
	Err    string
}

// readAllStd reads data with encoding/csv as ReadSubscriptions used to.
func readAllStd(data []byte) []csvRecord {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.ReuseRecord = true
	var out []csvRecord
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out
		}
		r := csvRecord{}
		if err != nil {
			r.Err = err.Error()
		}
		if err == nil || errors.Is(err, csv.ErrFieldCount) {
			r.Fields = append([]string(nil), rec...)
			r.Line, _ = cr.FieldPos(0)
		}
		out = append(out, r)
		if _, ok := isParseError(err); err != nil && !ok {
			return out
		}
	}
}

func readAllFast(data []byte) []csvRecord {
	cr := newCSVReader(bytes.NewReader(data))
	var out []csvRecord
	for {
		fields, line, err := cr.read()
		if errors.Is(err, io.EOF) {
			return out
		}
		r := csvRecord{}
		if err != nil {
			r.Err = err.Error()
		}
		if err == nil || errors.Is(err, csv.ErrFieldCount) {
			for _, f := range fields {
				r.Fields = append(r.Fields, string(f))
			}
			r.Line = line
		}
		out = append(out, r)
		if _, ok := isParseError(err); err != nil && !ok {
			return out
		}
	}
}

var csvSeeds = []string{
	"",
	"a,b,c\n1,2,3\n",
	"a,b\r\n1,2\r\n\r\n3,4",
	"a,b\n\"x,y\",\"z\"\"q\"\n",
	"a,b\n\"multi\nline\",2\n3,4\n",
	"a,b\n1,\"bad\"x\n2,3\n",
	"a,b\nx\"y,2\n",
	"a,b\n1\n1,2,3\n",
	"a,b\n\"open,2\n",
	"h\n\n\n\"\"\n\r\n",
	"a,b\n1,2\r",
	"\"a\"\"\",b\n\"\",\n",
	"a,b\n\"x\r\ny\",1\n",
	"a,b,c\n,,\n\" \",\"\",\"\n\"\n",
}

func FuzzCSVReader(f *testing.F) {
	for _, s := range csvSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if diff := cmp.Diff(readAllStd(data), readAllFast(data)); diff != "" {
			t.Errorf("csvReader differs from encoding/csv on %q (-encoding/csv +csvReader):\n%s", data, diff)
		}
		checkPrintable(t, data)
	})
}

// checkPrintable checks csvReader.printable on every record of data: set
// only when every byte of the record's fields is printable ASCII, and
// always then when data holds no quote (every record is one line).
func checkPrintable(t *testing.T, data []byte) {
	t.Helper()
	quotes := bytes.IndexByte(data, '"') >= 0
	cr := newCSVReader(bytes.NewReader(data))
	for {
		fields, _, err := cr.read()
		if errors.Is(err, io.EOF) {
			return
		}
		if _, ok := isParseError(err); err != nil && !ok {
			return
		}
		want := true
		for _, f := range fields {
			for _, b := range f {
				want = want && b >= 0x20 && b <= 0x7e
			}
		}
		if cr.printable && !want || !quotes && cr.printable != want {
			t.Fatalf("printable = %v for the fields %q of %q", cr.printable, fields, data)
		}
	}
}

func TestCSVReaderPrintable(t *testing.T) {
	for _, data := range []string{
		"id,customer_id,plan_id\ns161d100b05e5,cus_1,plan-40-usd\n",
		"a,b\nAcme Inc,caf\xc3\xa9\n",
		"a,b\n1234567\x7f,12345678\n",
		"a,b\n12345678,1234567\x7f\n",
		"a,b\n1234567\x1f,12345678\n",
		"a,b\n\x80,\n",
		"a,b\n12345678\r12345678,~\n",
		"a,b\n12345678,12345678\r\n",
		"a,b\n,,,,,,,,,,,,,,,,,\n",
		"a,b\n\"x\",y\n",
	} {
		checkPrintable(t, []byte(data))
		if diff := cmp.Diff(readAllStd([]byte(data)), readAllFast([]byte(data))); diff != "" {
			t.Errorf("csvReader differs from encoding/csv on %q (-encoding/csv +csvReader):\n%s", data, diff)
		}
	}
}

func TestCSVReaderLongLines(t *testing.T) {
	long := strings.Repeat("x", csvBufferSize+100)
	for _, data := range []string{
		"a,b\n" + long + ",1\n2,3\n",
		"a,b\n\"" + long + "\n" + long + "\",1\n",
		"a,b\n1,\"" + long + "\"\"" + long + "\"\r\n",
	} {
		if diff := cmp.Diff(readAllStd([]byte(data)), readAllFast([]byte(data))); diff != "" {
			t.Errorf("csvReader differs from encoding/csv on a long line (-encoding/csv +csvReader):\n%.500s", diff)
		}
	}
}

func FuzzAppendField(f *testing.F) {
	for _, s := range []string{"", "plain", "=1+1", "-1.5", "'=x", "a,b", `say "hi"`, "two\nlines", "cr\r", " lead", "\tlead", `\.`, "\u00a0nbsp", "\u2003em", "é", "\xff",
		"41920.000 KWD × 5731.8 s ÷ 2678400 s = 123.539104… → 123.539 KWD (half-up)",
		"1000.00 USD × 30 % = 300.00 USD, capped at 10% of 1000.00 USD = 100.00 USD", " a long field that starts with a space",
		"\u2003a long field that starts with an em space", "a long field with a line\r\nbreak at its end\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		w.Write([]string{s, "x"})
		w.Flush()
		got := append(appendRawField(nil, s), ",x\n"...)
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendRawField(%q) = %q, encoding/csv writes %q", s, got, want.Bytes())
		}
		// appendField writes the guarded value (csvcell) the same way.
		want.Reset()
		w.Write([]string{csvcell.Encode(s), "x"})
		w.Flush()
		if got := append(appendField(nil, s), ",x\n"...); !bytes.Equal(got, want.Bytes()) {
			t.Errorf("appendField(%q) = %q, encoding/csv writes %q", s, got, want.Bytes())
		}
		if got := appendField(nil, []byte(s)); !bytes.Equal(got, appendField(nil, s)) {
			t.Errorf("appendField of the bytes of %q = %q", s, got)
		}
	})
}

// TestAppendFieldEveryByte puts every byte value at every position of
// fields long enough for fieldNeedsQuotes to read them eight bytes at a
// time, or to look for each special byte over the whole field (longField
// and more: an explanation), and compares appendRawField with
// encoding/csv.
func TestAppendFieldEveryByte(t *testing.T) {
	var want bytes.Buffer
	w := csv.NewWriter(&want)
	for _, n := range []int{8, 17, longField, 150} {
		for pos := range n {
			for b := range 256 {
				s := []byte(strings.Repeat("a", n))
				s[pos] = byte(b)
				want.Reset()
				w.Write([]string{string(s), "x"})
				w.Flush()
				if got := append(appendRawField(nil, s), ",x\n"...); !bytes.Equal(got, want.Bytes()) {
					t.Fatalf("appendRawField(%q) = %q, encoding/csv writes %q", s, got, want.Bytes())
				}
			}
		}
	}
}
