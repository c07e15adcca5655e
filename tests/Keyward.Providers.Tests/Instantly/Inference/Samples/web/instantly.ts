import axios from "axios";

const BASE = "https://api.instantly.ai/api/v2";
const headers = { Authorization: `Bearer ${process.env.INSTANTLY_API_KEY}` };

export async function listLeads(campaignId: string) {
  const res = await fetch(`${BASE}/leads/list`, { // expect: POST api/v2/leads/list
    method: "POST",
    headers,
    body: JSON.stringify({ campaign: campaignId }),
  });
  return res.json();
}

export async function getCampaign(id: string) {
  return fetch(`${BASE}/campaigns/${id}`, { headers }); // expect: GET api/v2/campaigns/{id}
}

export const pauseCampaign = (id: string) =>
  axios.post(`${BASE}/campaigns/${id}/pause`, {}, { headers }); // expect: POST api/v2/campaigns/{id}/pause

export async function updateLead(id: string, patch: object) {
  return axios({ method: "patch", url: `${BASE}/leads/${id}`, data: patch, headers }); // expect: PATCH api/v2/leads/{id}
}

export async function listWebhooks() {
  const url = `${BASE}/webhooks`; // expect: GET api/v2/webhooks
  const res = await fetch(url, { headers });
  await cache.delete("webhooks");
  return res.json();
}

export async function legacyList() {
  return fetch("https://api.instantly.ai/api/v2/campaign/list", { headers }); // expect-unresolved: api/v2/campaign/list
}

// Reserved for the lead-list screen.

export const LEAD_LISTS_ENDPOINT = "/api/v2/lead-lists"; // expect-unresolved: api/v2/lead-lists
