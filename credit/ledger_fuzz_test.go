package credit

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/outagekit/postmortem/internal/problem"
)

// FuzzLedgerReadCSV: reading a ledger file never panics; every problem
// names the file and a line (or is the count of the problems not
// listed); a file read without an error leaves a ledger without problems
// whose entries are each one row of the file, and the entries of its two
// shards are the whole ledger's.
func FuzzLedgerReadCSV(f *testing.F) {
	f.Add([]byte(ledgerFile))
	f.Add([]byte("subscription_id,plan_id,window_start,window_end,currency,amount,idempotency_key\n" +
		"s,p,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,KWD,-0.251,k\ns,p,2014-04-01T00:00:00Z,2014-05-01T00:00:00Z,KWD,-0.251,k\n"))
	f.Add([]byte("idempotency_key,amount,currency,window_end,window_start,policy,subscription_id\nk,1,JPY,2014-05-01T00:00:00Z,2014-04-01T00:00:00Z,p,\"a\nb\"\n"))
	data, err := os.ReadFile(filepath.Join("testdata", "demo-lines.csv"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		var l Ledger
		err := l.ReadCSV(bytes.NewReader(data), LedgerOptions{File: "f.csv"})
		var perr *problem.Error
		if err != nil && !errors.As(err, &perr) {
			t.Fatalf("an error that is not a list of problems: %v", err)
		}
		if perr != nil {
			for i, p := range perr.Problems {
				last := i == len(perr.Problems)-1
				if (p.File != "f.csv" || p.Line < 1) && !(last && p.File == "" && p.Line == 0) {
					t.Fatalf("problem without a location: %+v", p)
				}
			}
			return
		}
		if l.Err() != nil {
			t.Fatalf("ReadCSV returned no error but the ledger has problems: %v", l.Err())
		}
		rows := bytes.Count(data, []byte("\n")) + 1
		if l.Len() > rows {
			t.Fatalf("%d entries from %d lines", l.Len(), rows)
		}
		n := 0
		for i := range 2 {
			var part Ledger
			if err := part.ReadCSV(bytes.NewReader(data), LedgerOptions{File: "f.csv", Shard: Shard{i, 2}}); err != nil {
				t.Fatalf("shard %d refuses what the whole accepts: %v", i, err)
			}
			n += part.Len()
		}
		if n != l.Len() {
			t.Fatalf("the shards hold %d entries, the whole ledger %d", n, l.Len())
		}
	})
}

// FuzzLedgerScanner: a ledger file's records read by ledgerScanner, which
// splits most lines where they lie and keeps only the columns a ledger
// reads, are those csvReader.read gives (held to encoding/csv by
// FuzzCSVReader): the same lines, errors, numbers of fields and values of
// the columns read, for any choice of columns (bits of mask).
func FuzzLedgerScanner(f *testing.F) {
	lines, err := os.ReadFile(filepath.Join("testdata", "demo-lines.csv"))
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range append(csvSeeds, string(lines), ledgerFile,
		"a,b,c\n1,\"x\"\"y\",3\n\"p\"\"q\",2,3\n",
		"a,b,c\n1,2,\"multi\nline, with a comma\"\n4,5,6\n",
		"a,b,c\n1,2,3,4\n1,2\n1,\"2\"x,3\n1,2,\"3\n",
		"a,b,c\r\n1,2,3\r\n\"1\",\"2\",\"3\"\r\n1,2,3\r",
		"a,b,c\n1,2,\"3\"\"\"\n1,\"\",\n,,\n",
		"a,b,c\n1,234567,abcdefgh\"ij\n1,234567,\"ab,cd\"\n1,234567,\"abcdefgh\"x\n") {
		f.Add([]byte(s), uint64(0b1))
		f.Add([]byte(s), uint64(0b101))
		f.Add([]byte(s), uint64(1<<27|1<<23|1<<7|1<<6|1<<5|1<<3|1<<2|1))
	}
	f.Fuzz(func(t *testing.T, data []byte, mask uint64) {
		cr := newCSVReader(bytes.NewReader(data))
		header, _, err := cr.read()
		if err != nil {
			return
		}
		idx := make([]int, ledgerRead)
		for i := range idx {
			idx[i] = -1
		}
		n := 0
		for c := range min(len(header), 64) {
			if mask&(1<<c) != 0 && n < ledgerRead {
				idx[n] = c
				n++
			}
		}
		want := readAllFast(data)[1:]
		var got []csvRecord
		sc := newLedgerScanner(cr, idx)
		for {
			line, n, err := sc.next()
			if errors.Is(err, io.EOF) {
				break
			}
			r := csvRecord{}
			if err != nil {
				r.Err = err.Error()
			}
			if err == nil || errors.Is(err, csv.ErrFieldCount) {
				r.Fields = make([]string, n)
				for f, c := range idx {
					if c >= 0 && c < n {
						r.Fields[c] = string(sc.fields[f])
					}
				}
				r.Line = line
			}
			got = append(got, r)
			if _, ok := isParseError(err); err != nil && !ok {
				break
			}
		}
		// The columns not read are left empty.
		for k := range want {
			for c := range want[k].Fields {
				if !slices.Contains(idx, c) {
					want[k].Fields[c] = ""
				}
			}
		}
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("ledgerScanner differs from csvReader.read on %q, columns %v (-read +scanner):\n%s", data, idx, diff)
		}
	})
}

// TestLedgerScannerSplits: every line of a lines file, explanations quoted
// with commas and doubled quotes included, is split where it lies (split
// reports true; ledgerScanner.next would otherwise hand it to the slower
// csvReader.parse, with the same result), into the fields read gives.
func TestLedgerScannerSplits(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "demo-lines.csv"))
	if err != nil {
		t.Fatal(err)
	}
	// The first line again with an explanation that must be quoted.
	lines := bytes.SplitAfter(data, []byte("\n"))
	first := lines[1]
	comma := bytes.LastIndexByte(first, ',')
	data = append(data, first[:comma+1]...)
	data = append(data, "\"due 0.30 USD, \"\"issued\"\" 0.30 USD: settled, nothing new to issue\"\n"...)
	cr := newCSVReader(bytes.NewReader(data))
	header, _, err := cr.read()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = string(h)
	}
	idx, err := ledgerIndex("lines.csv", names)
	if err != nil {
		t.Fatal(err)
	}
	want := readAllFast(data)[1:]
	sc := newLedgerScanner(cr, idx)
	for k := range want {
		line, errRead := cr.nextLine()
		if errRead != nil {
			t.Fatal(errRead)
		}
		if !sc.split(line) {
			t.Fatalf("record %d (line %d) not split: %q", k+1, want[k].Line, line)
		}
		for f, c := range idx {
			if c >= 0 && string(sc.fields[f]) != want[k].Fields[c] {
				t.Errorf("line %d, column %s: %q, read gives %q", want[k].Line, names[c], sc.fields[f], want[k].Fields[c])
			}
		}
	}
}
