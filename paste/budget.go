package paste

import (
	"io"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// budget bounds the bytes of uploads held in memory across the server.
// An upload takes what it declares before reading anything, and what it
// reads beyond that as it reads; it gives everything back once its paste
// is stored or refused. Without it, unfinished uploads exhaust memory.
type budget struct {
	max   int64
	used  atomic.Int64
	gauge prometheus.Gauge
}

func newBudget(max int64, gauge prometheus.Gauge) *budget {
	return &budget{max: max, gauge: gauge}
}

// take reserves n bytes, or reports false and reserves nothing.
func (b *budget) take(n int64) bool {
	if n <= 0 {
		return true
	}
	if b.used.Add(n) > b.max {
		b.used.Add(-n)
		return false
	}
	b.gauge.Add(float64(n))
	return true
}

func (b *budget) give(n int64) {
	if n > 0 {
		b.used.Add(-n)
		b.gauge.Sub(float64(n))
	}
}

// budgetReader reads an upload's body, taking from the budget whatever
// it reads beyond what the upload holds already.
type budgetReader struct {
	r    io.Reader
	b    *budget
	held int64 // bytes reserved
	read int64 // bytes read
}

func (br *budgetReader) Read(p []byte) (int, error) {
	n, err := br.r.Read(p)
	br.read += int64(n)
	if over := br.read - br.held; over > 0 {
		if !br.b.take(over) {
			return n, errBusy
		}
		br.held += over
	}
	return n, err
}

// release gives back everything the upload holds.
func (br *budgetReader) release() {
	br.b.give(br.held)
	br.held = 0
}
