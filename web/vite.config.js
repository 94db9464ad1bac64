// Builds the workbench into dist/, which `dyad serve` serves at `/`.
// In development (`npm run dev`) API calls go to a `dyad serve` on DYAD_API (default :8080).
import { defineConfig } from 'vite';

export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: { proxy: { '/api': process.env.DYAD_API || 'http://127.0.0.1:8080' } },
});
