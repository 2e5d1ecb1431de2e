package main

import (
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress is a progress bar of the bytes of an input read so far.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress returns a progress bar on w for an input of size bytes, or nil
// when w is not a terminal: a log file or a pipe gets no bar.
func newProgress(w io.Writer, size int64) *progress {
	if !isTerminal(w) {
		return nil
	}
	return newBar(w, size)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// newBar draws a bar on w, whatever w is.
func newBar(w io.Writer, size int64) *progress {
	return &progress{progressbar.NewOptions64(size,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("credits"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish(),
	)}
}

// Reader returns r counting its bytes on the bar.
func (p *progress) Reader(r io.Reader) io.Reader {
	pr := progressbar.NewReader(r, p.bar)
	return &pr
}

// Finish clears the bar from the terminal.
func (p *progress) Finish() { p.bar.Finish() }
