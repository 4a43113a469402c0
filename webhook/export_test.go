package webhook

// SetOnWait makes d call f each time a Claim starts waiting for a delivery
// in flight, so that tests can make deliveries overlap without sleeping.
func SetOnWait(d *MemoryDeduper, f func(key string)) {
	d.mu.Lock()
	d.onWait = f
	d.mu.Unlock()
}
