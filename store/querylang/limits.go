package querylang

// Limits on client input. They bound the work a single request can cause and keep every
// error report short; filters written in templates obey the same limits.
const (
	MaxInputBytes = 64 << 10 // bytes of JSON in one filter or aggregation
	MaxDepth      = 16       // nesting of filter nodes; the top node is at depth 1
	MaxNodes      = 200      // filter nodes (and, or, not and comparisons) in one filter
	MaxStringLen  = 1000     // characters in one string value
	MaxListLen    = 200      // items in one in/nin list written by the client
	MaxSortKeys   = 4        // keys in one sort parameter
	MaxGroupKeys  = 3        // group-by dimensions of one aggregation
	MaxMetrics    = 10       // metrics of one aggregation
	maxParamBytes = 1000     // length of the sort and limit URL parameters
)
