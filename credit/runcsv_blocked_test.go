package credit

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

// blockedReader yields its first bytes, then blocks until closed, as a
// pipe whose writer is slow or stuck does.
type blockedReader struct {
	first   io.Reader
	release chan struct{}
}

func (r *blockedReader) Read(p []byte) (int, error) {
	if n, err := r.first.Read(p); err == nil || !errors.Is(err, io.EOF) {
		return n, err
	}
	<-r.release
	return 0, io.EOF
}

// TestRunCSVCancelWhileReadBlocks checks that RunCSV returns on ctx while
// the read of its input blocks (credits -subscriptions - on a pipe that
// nobody writes to): it used to wait for the next batch of rows, deaf to
// Ctrl-C and SIGTERM.
func TestRunCSVCancelWhileReadBlocks(t *testing.T) {
	c := demoCalculator(t)
	in := &blockedReader{first: strings.NewReader("id,plan_id\nsub-1,email-starter\n"), release: make(chan struct{})}
	defer close(in.release)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := c.RunCSV(ctx, io.Discard, in, BatchOptions{})
		done <- err
	}()
	cancel()
	select {
	case err := <-done:
		var ie *InterruptedError
		if !errors.As(err, &ie) || !errors.Is(err, context.Canceled) {
			t.Fatalf("RunCSV = %v, want an *InterruptedError wrapping context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("RunCSV did not return within 10 s of the cancellation while its read blocked")
	}
}
