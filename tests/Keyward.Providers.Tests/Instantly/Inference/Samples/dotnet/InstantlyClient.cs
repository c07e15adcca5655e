using System.Net.Http.Json;

namespace Acme.Sales;

public sealed class InstantlyClient(HttpClient http)
{
    private const string BaseUrl = "https://api.instantly.ai/api/v2";

    public Task<HttpResponseMessage> ListCampaignsAsync() =>
        http.GetAsync($"{BaseUrl}/campaigns?limit=100"); // expect: GET api/v2/campaigns

    public Task<HttpResponseMessage> ActivateAsync(string id) =>
        http.PostAsync($"{BaseUrl}/campaigns/{id}/activate", null); // expect: POST api/v2/campaigns/{id}/activate

    public Task<HttpResponseMessage> AddLeadAsync(object lead) =>
        http.PostAsJsonAsync("/api/v2/leads", lead); // expect: POST api/v2/leads

    public async Task DeleteLeadAsync(string leadId)
    {
        using var request = new HttpRequestMessage(
            HttpMethod.Delete,
            "/api/v2/leads/" + leadId); // expect: DELETE api/v2/leads/{id}
        await http.SendAsync(request);
    }

    public Task<object?> OverviewAsync() =>
        http.GetFromJsonAsync<object>("/api/v2/campaigns/analytics/overview"); // expect: GET api/v2/campaigns/analytics/overview

    public Task<HttpResponseMessage> SendingStatusAsync(Guid campaignId) =>
        http.GetAsync(BaseUrl + "/campaigns/" + campaignId + "/sending-status"); // expect: GET api/v2/campaigns/{id}/sending-status
}
