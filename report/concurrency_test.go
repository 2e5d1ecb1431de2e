package report

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"golang.org/x/text/language"
)

// TestRenderSharedDocument renders one Document from 12 goroutines at once,
// in both formats (under go test -race, which .ci/run uses): renderers only
// read the document, so every render gives the bytes a render alone gives.
// TestPDFParallel renders different documents at once.
func TestRenderSharedDocument(t *testing.T) {
	doc := richDoc(t, language.German, false)
	render := []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return WriteMarkdown(b, doc) },
		func(b *bytes.Buffer) error { return WritePDF(b, doc) },
	}
	want := make([][]byte, len(render))
	for i, r := range render {
		var b bytes.Buffer
		if err := r(&b); err != nil {
			t.Fatal(err)
		}
		want[i] = b.Bytes()
	}
	const goroutines = 12
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := range goroutines {
		wg.Go(func() {
			var b bytes.Buffer
			if err := render[g%2](&b); err != nil {
				errs <- err
				return
			}
			if !bytes.Equal(b.Bytes(), want[g%2]) {
				errs <- fmt.Errorf("goroutine %d: the render differs from one done alone", g)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
