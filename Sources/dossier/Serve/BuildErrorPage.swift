import DossierKit

/// What `serve` answers, with status 503, for a page the last good site does
/// not have while the build fails (on a first build that fails, every page):
/// the errors, every one escaped, and the live-reload script, which puts the
/// next build's errors in their place and loads the page once a build succeeds.
enum BuildErrorPage {
    static func html(_ errors: [String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Dossier: the build failed</title>
        <style>
        body { margin: 0; padding: 2rem 1.25rem; font: 16px/1.5 system-ui, sans-serif; background: #fff5f5; color: #3b0a0a; }
        main { max-width: 60rem; margin: 0 auto; }
        pre { white-space: pre-wrap; overflow-wrap: anywhere; font: 14px/1.5 ui-monospace, monospace; background: #fff;
          border: 2px solid #c53030; border-radius: 8px; padding: 1rem 1.25rem; }
        </style>
        </head>
        <body>
        <main>
        <h1>The build failed</h1>
        <p>There is no built page here to show. Fix the errors below and save: this page loads by itself once the site builds.</p>
        <pre id="dossier-build-errors">\(HTML.escape(errors.joined(separator: "\n")))</pre>
        </main>
        \(SiteResponder.scriptTag)
        </body>
        </html>

        """
    }
}
