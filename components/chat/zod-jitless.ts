import { z } from "zod";

// The AI SDK checks each streamed chunk with zod, whose first parse probes `new Function` to see
// whether it may compile fast parsers. Our CSP has no 'unsafe-eval', so the browser reports that
// probe as a violation even though zod catches it; jitless parsing never probes.
z.config({ jitless: true });
