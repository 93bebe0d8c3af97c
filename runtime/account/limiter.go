package account

import (
	"sync"
	"time"
)

// limiter counts failed sign-ins per key (an account or an address) in a fixed window. It
// lives in one process; with several instances each throttles on its own, which still bounds
// guessing to instances × limit per window.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	fails  map[string]*failWindow
}

type failWindow struct {
	start time.Time
	n     int
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, fails: map[string]*failWindow{}}
}

// blocked reports whether key is over its limit at now and, if so, for how long.
func (l *limiter) blocked(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.fails[key]
	if !ok {
		return false, 0
	}
	if now.Sub(w.start) >= l.window {
		delete(l.fails, key)
		return false, 0
	}
	if w.n >= l.max {
		return true, w.start.Add(l.window).Sub(now)
	}
	return false, 0
}

func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.fails) > 100_000 { // bound memory under a spray of keys
		for k, w := range l.fails {
			if now.Sub(w.start) >= l.window {
				delete(l.fails, k)
			}
		}
	}
	w, ok := l.fails[key]
	if !ok || now.Sub(w.start) >= l.window {
		l.fails[key] = &failWindow{start: now, n: 1}
		return
	}
	w.n++
}

func (l *limiter) reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.fails, key)
}

// count returns key's failures in its current window.
func (l *limiter) count(key string, now time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	w, ok := l.fails[key]
	if !ok || now.Sub(w.start) >= l.window {
		return 0
	}
	return w.n
}
