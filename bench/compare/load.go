package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// request is one HTTP request of a load run; body may be nil.
type request struct {
	method, url string
	header      http.Header
	body        []byte
	want        int
}

// result is what a load run measured.
type result struct {
	ops      int
	elapsed  time.Duration
	p50, p99 time.Duration
}

func (r result) perSec() float64 { return float64(r.ops) / r.elapsed.Seconds() }

func (r result) String() string {
	return fmt.Sprintf("%8.0f/s  p50 %6.2f ms  p99 %6.2f ms", r.perSec(), ms(r.p50), ms(r.p99))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// client is shared by every run: keep-alive connections, enough of them for c=50.
var client = &http.Client{
	Timeout: 60 * time.Second,
	Transport: &http.Transport{
		MaxIdleConns:        256,
		MaxIdleConnsPerHost: 256,
		// Below Formloom's read timeout (30 s), which answers an idle connection with 400.
		IdleConnTimeout: 10 * time.Second,
	},
}

// do sends one request and drains the answer; it fails on any status but want.
func do(ctx context.Context, rq request) ([]byte, error) {
	var body io.Reader
	if rq.body != nil {
		body = bytes.NewReader(rq.body)
	}
	req, err := http.NewRequestWithContext(ctx, rq.method, rq.url, body)
	if err != nil {
		return nil, err
	}
	for k, v := range rq.header {
		req.Header[k] = v
	}
	if rq.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	want := rq.want
	if want == 0 {
		want = http.StatusOK
	}
	if resp.StatusCode != want {
		return out, fmt.Errorf("%s %s: %d %.300s", rq.method, rq.url, resp.StatusCode, out)
	}
	return out, nil
}

// run sends n requests made by next(i) from conc clients, each taking the next index, and
// measures throughput and latency percentiles. The first error stops the run.
func run(ctx context.Context, conc, n int, next func(i int) request) (result, error) {
	lat := make([]time.Duration, n)
	var idx atomic.Int64
	var firstErr atomic.Value
	var wg sync.WaitGroup
	start := time.Now()
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(idx.Add(1)) - 1
				if i >= n || firstErr.Load() != nil {
					return
				}
				t0 := time.Now()
				if _, err := do(ctx, next(i)); err != nil {
					firstErr.CompareAndSwap(nil, err)
					return
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err, ok := firstErr.Load().(error); ok {
		return result{}, err
	}
	slices.Sort(lat)
	return result{ops: n, elapsed: elapsed, p50: lat[n/2], p99: lat[n*99/100]}, nil
}

// replaceOnce replaces the first old in s by new.
func replaceOnce(s, old, new string) string {
	return strings.Replace(s, old, new, 1)
}
