package synth

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// Floor is the floor a batch of credits is measured against: it reads
// input, a CSV file with a header, with encoding/csv, and writes with
// encoding/csv to w the header then perRow records per input record, of
// the columns of sample: the first keep fields from the input record, the
// others from the records of sample in turn. It does what a credits run
// cannot avoid doing, reading the subscriptions and writing as many lines
// of the same columns, and nothing else. It returns the number of records
// written after the header.
func Floor(w io.Writer, input []byte, header []string, sample [][]string, keep, perRow int) (int64, error) {
	if len(sample) == 0 {
		return 0, errors.New("synth: no sample records")
	}
	cr := csv.NewReader(bytes.NewReader(input))
	cr.ReuseRecord = true
	cw := csv.NewWriter(w)
	if _, err := cr.Read(); err != nil {
		return 0, err
	}
	if err := cw.Write(header); err != nil {
		return 0, err
	}
	rec := make([]string, len(sample[0]))
	var n int64
	for i := 0; ; i++ {
		in, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return n, err
		}
		copy(rec, sample[i%len(sample)])
		copy(rec[:keep], in)
		for range perRow {
			if err := cw.Write(rec); err != nil {
				return n, err
			}
			n++
		}
	}
	cw.Flush()
	return n, cw.Error()
}

// Sample runs run on the header and the first rows rows of data (all of
// it when shorter) and returns the records of the CSV file it wrote,
// without their header, and how many it wrote per input row: the records
// Floor writes for a run on data.
func Sample(data []byte, rows int, run func(head []byte) ([]byte, error)) ([][]string, int, error) {
	end := 0
	for range rows + 1 {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			end = len(data)
			break
		}
		end += i + 1
	}
	out, err := run(data[:end])
	if err != nil {
		return nil, 0, err
	}
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		return nil, 0, err
	}
	in := bytes.Count(data[:end], []byte{'\n'}) - 1
	if len(recs) < 2 || in <= 0 || (len(recs)-1)%in != 0 {
		return nil, 0, fmt.Errorf("synth: %d records for %d rows: not a whole number per row", len(recs)-1, in)
	}
	return recs[1:], (len(recs) - 1) / in, nil
}
