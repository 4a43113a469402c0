package bettermode

import (
	"context"
	"net"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// connWatch is the stall and close bound of the SDK's own transport (see
// inflight in bound.go for the rule), kept on its connections instead of on
// each attempt, so that an attempt needs no cancelable context (whose end
// wakes the transport's reader goroutine) and no timer: a connection
// carrying one of the caller's attempts (marked by the attempt's trace,
// mark) that has sent and received nothing since, for the stall timeout,
// is closed, and the attempt on it fails with the stall; close closes them
// all. Connections carrying nothing of the caller's (idle ones, a
// subscription's socket, HTTPClient's requests) are never judged. One timer
// function checks them every quarter of the timeout while connections are
// open.
type connWatch struct {
	stall time.Duration // <= 0: no stall check
	epoch time.Time

	mu     sync.Mutex
	conns  map[*watchedConn]struct{}
	closed bool
	timer  *time.Timer
	armed  bool
}

func newConnWatch(stall time.Duration) *connWatch {
	return &connWatch{stall: stall, epoch: time.Now(), conns: map[*watchedConn]struct{}{}}
}

func (w *connWatch) now() int64 { return int64(time.Since(w.epoch)) }

// dialer returns a DialContext whose connections w watches.
func (w *connWatch) dialer(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		wc := &watchedConn{Conn: c, w: w}
		now := w.now()
		wc.sent.Store(now)
		wc.recv.Store(now)
		w.mu.Lock()
		defer w.mu.Unlock()
		if w.closed {
			_ = c.Close()
			return nil, ErrClosed
		}
		w.conns[wc] = struct{}{}
		if w.stall > 0 && !w.armed {
			w.armed = true
			tick := checkPeriod(w.stall)
			if w.timer == nil {
				w.timer = time.AfterFunc(tick, w.check)
			} else {
				w.timer.Reset(tick)
			}
		}
		return wc, nil
	}
}

// check closes the connections that stalled, and re-arms itself while any
// is open.
func (w *connWatch) check() {
	now := w.now()
	var stalled []*watchedConn
	w.mu.Lock()
	if w.closed || len(w.conns) == 0 {
		w.armed = false
		w.mu.Unlock()
		return
	}
	for c := range w.conns {
		sent := c.sent.Load()
		if c.attempts.Load() > 0 && sent > c.recv.Load() && now-sent >= int64(w.stall) {
			stalled = append(stalled, c)
		}
	}
	w.timer.Reset(checkPeriod(w.stall))
	w.mu.Unlock()
	for _, c := range stalled {
		c.end(stallError{w.stall})
	}
}

// close closes every connection, and every later dial fails.
func (w *connWatch) close() {
	w.mu.Lock()
	w.closed = true
	conns := make([]*watchedConn, 0, len(w.conns))
	for c := range w.conns {
		conns = append(conns, c)
	}
	if w.timer != nil {
		w.timer.Stop()
	}
	w.mu.Unlock()
	for _, c := range conns {
		c.end(ErrClosed)
	}
}

// watchedConn is a connection of the SDK's transport: it notes when it last
// sent and received, and why the watch ended it.
type watchedConn struct {
	net.Conn
	w          *connWatch
	sent, recv atomic.Int64 // ns since w.epoch
	attempts   atomic.Int32 // the caller's attempts on it (mark)
	why        atomic.Pointer[error]
	forget     sync.Once
}

func (c *watchedConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.recv.Store(c.w.now())
	}
	if err != nil {
		if why := c.why.Load(); why != nil {
			err = *why
		}
	}
	return n, err
}

func (c *watchedConn) Write(p []byte) (int, error) {
	n, err := c.Conn.Write(p)
	c.sent.Store(c.w.now())
	if err != nil {
		if why := c.why.Load(); why != nil {
			err = *why
		}
	}
	return n, err
}

// end closes c for why: the error its reads and writes then return.
func (c *watchedConn) end(why error) {
	c.why.CompareAndSwap(nil, &why)
	_ = c.Close()
}

func (c *watchedConn) Close() error {
	c.forget.Do(func() {
		c.w.mu.Lock()
		delete(c.w.conns, c)
		c.w.mu.Unlock()
	})
	return c.Conn.Close()
}

// mark is one attempt of the caller on a watched connection: its trace
// notes the connection the transport gives it, which the watch then judges
// until release.
type mark struct {
	trace httptrace.ClientTrace
	conn  *watchedConn
}

// newMark returns ctx with a trace that marks the attempt's connection.
func newMark(ctx context.Context) (context.Context, *mark) {
	m := &mark{}
	m.trace.GotConn = m.gotConn
	return httptrace.WithClientTrace(ctx, &m.trace), m
}

func (m *mark) gotConn(info httptrace.GotConnInfo) {
	c := info.Conn
	if nc, ok := c.(interface{ NetConn() net.Conn }); ok { // TLS
		c = nc.NetConn()
	}
	m.release() // the transport may retry on another connection
	if wc, ok := c.(*watchedConn); ok {
		wc.attempts.Add(1)
		m.conn = wc
	}
}

// release ends the mark: the attempt's answer is read, or it failed.
func (m *mark) release() {
	if m.conn != nil {
		m.conn.attempts.Add(-1)
		m.conn = nil
	}
}
