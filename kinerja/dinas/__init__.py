"""The Dinas side: PIC access to the monitoring dashboard, and the dashboard itself."""
