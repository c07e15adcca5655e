import os

import requests

BASE_URL = "https://api.instantly.ai/api/v2"
HEADERS = {"Authorization": f"Bearer {os.environ.get('INSTANTLY_API_KEY')}"}


def create_lead(lead):
    return requests.post(f"{BASE_URL}/leads", json=lead, headers=HEADERS)  # expect: POST api/v2/leads


def set_interest(lead_email, status):
    return requests.post(
        f"{BASE_URL}/leads/update-interest-status",  # expect: POST api/v2/leads/update-interest-status
        json={"lead_email": lead_email, "interest_value": status},
        headers=HEADERS,
    )


def emails(campaign_id):
    return requests.get(BASE_URL + "/emails", params={"campaign_id": campaign_id}, headers=HEADERS)  # expect: GET api/v2/emails


def revoke_key(key_id):
    return requests.request("DELETE", "%s/api-keys/%s" % (BASE_URL, key_id), headers=HEADERS)  # expect: DELETE api/v2/api-keys/{id}


def block(domain):
    session = requests.Session()
    session.headers.update(HEADERS)
    return session.post("https://api.instantly.ai/api/v2/block-lists-entries", json={"bl_value": domain})  # expect: POST api/v2/block-lists-entries
