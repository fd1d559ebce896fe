"""Uploads one file with the TwelveLabs Python SDK's multipart upload helper.

Driven by `examples/bench_upload/main.rs` (the multipart comparison); usable alone:

    TWELVELABS_BASE_URL=http://127.0.0.1:PORT API_KEY=KEY python3 sdk_multipart_upload.py FILE

Prints the asset id. The helper is used as its documentation shows, with its defaults.
"""

import os
import sys

from twelvelabs import TwelveLabs


def main() -> None:
    path = sys.argv[1]
    client = TwelveLabs(api_key=os.environ["API_KEY"], base_url=os.environ["TWELVELABS_BASE_URL"])
    result = client.multipart_upload.upload_file(path, file_type="video")
    print(result.asset_id)


if __name__ == "__main__":
    main()
