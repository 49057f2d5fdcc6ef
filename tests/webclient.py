"""A small cookie-keeping HTTP client for tests against a running `fairdesk` server."""

import http.cookiejar
import json
import urllib.parse
import urllib.request


class Browser:
    """Gets pages and posts forms (with the CSRF token) to a server on loopback."""

    def __init__(self, base: str, *, token: str = "") -> None:
        self.base = base
        self.token = token
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def get(self, path: str) -> str:
        with self.opener.open(self._url(path), timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, data: dict, *, form_page: str) -> tuple[str, str]:
        """Post `data` as the form on `form_page` would; (the final URL, the page)."""
        self.get(form_page)  # for the CSRF cookie
        csrf = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode(data | {"csrfmiddlewaretoken": csrf}).encode()
        request = urllib.request.Request(  # noqa: S310 (our own local server)
            self._url(path), body, headers={"Referer": self._url(form_page)}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def api(self, method: str, path: str, data: dict | None = None) -> tuple[int, dict]:
        """Call the API with the bearer token; (status, JSON answer)."""
        request = urllib.request.Request(  # noqa: S310 (our own local server)
            f"{self.base}/api/v1{path}",
            json.dumps(data).encode() if data is not None else None,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")
