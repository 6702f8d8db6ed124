import JSON
import PosterSchema
import Testing

/// The hash and key vectors of maptoposter-web Appendix A (pydantic 2.13.4 on the original's models).
@Suite struct AppendixATests {
    @Test func allDefaults() throws {
        let request = try PosterRequest(json: #"{"city":"Paris","country":"France"}"#)
        #expect(
            request.canonicalJSON
                == #"{"city":"Paris","country":"France","style":"feature_based","all_themes":false,"distance":10000,"width":12.0,"height":16.0,"country_label":null,"name_label":null,"custom_layers":null,"custom_colors":null,"format":"png","dpi":300,"margins":0.0,"paper_size":"custom"}"#
        )
        #expect(request.hash == "de2f3107e63f8a03ca04b1dd8d5bd2c6")
        #expect(request.objectKey == "paris_feature_based_de2f3107.png")
    }

    @Test func frontendDefaultSubmitWithNoir() throws {
        let body = """
            {"city":"Paris","country":"France","distance":10000,"style":"noir","all_themes":false,
             "custom_layers":[
              {"label":"Pistes Cyclables","tags":{"highway":"cycleway"},"color":"#3498db","width":1.0,"enabled":false},
              {"label":"Voies Ferrées","tags":{"railway":"rail"},"color":"#f1c40f","width":1.2,"enabled":false},
              {"label":"Métro","tags":{"railway":"subway"},"color":"#e74c3c","width":1.5,"enabled":false},
              {"label":"Forêts & Nature","tags":{"natural":["wood","scrub","tree_row"],"landuse":["forest","orchard"]},
               "color":"#27ae60","width":0.5,"enabled":false},
              {"label":"Fleuves & Rivières","tags":{"waterway":["river","stream","canal"]},"color":"#2980b9","width":1.5,
               "enabled":false}],
             "format":"png","dpi":300,"margins":0.5,"paper_size":"12x16","width":12,"height":16}
            """
        let request = try PosterRequest(json: body)
        #expect(request.hash == "fc508b3778daa3b2d5626444add707b0")
        #expect(request.objectKey == "paris_noir_fc508b37.png")
        #expect(
            request.canonicalJSON.contains(
                ##"{"label":"Forêts & Nature","tags":{"natural":["wood","scrub","tree_row"],"landuse":["forest","orchard"]},"color":"#27ae60","width":0.5,"enabled":false}"##
            ))
    }

    @Test func alenconWithCustomColours() throws {
        let body = """
            {"city":"Alençon","country":"France","width":8.27,"height":11.69,"distance":5000.0,"margins":0,
             "custom_colors":{"bg":"#ffffff","water":"#a6cee3","parks":"#b2df8a","roads":"#555555","text":"#333333"}}
            """
        let request = try PosterRequest(json: body)
        #expect(request.distance == 5000)
        #expect(request.hash == "a5bf04b3f5b5afc7aa9032eab87ffe7d")
        #expect(request.objectKey == "alencon_feature_based_a5bf04b3.png")
    }

    /// Our addition: a centre enters the dump, the hash and the key after `paper_size`; without one (absent or null)
    /// everything stays the first vector's. MD5s from pydantic (`pydantic_reference.py --centre`).
    @Test func centreChangesTheKeyOnlyWhenGiven() throws {
        for body in [
            #"{"city":"Paris","country":"France"}"#, #"{"city":"Paris","country":"France","lat":null,"lon":null}"#,
        ] {
            let request = try PosterRequest(json: body)
            #expect(request.hash == "de2f3107e63f8a03ca04b1dd8d5bd2c6")
            #expect(request.objectKey == "paris_feature_based_de2f3107.png")
            #expect(request.dumped.object?.orderedKeys.count == 15)
        }
        let centred = try PosterRequest(json: #"{"city":"Paris","country":"France","lat":48.8566,"lon":2.3522}"#)
        #expect(
            centred.canonicalJSON
                == #"{"city":"Paris","country":"France","style":"feature_based","all_themes":false,"distance":10000,"width":12.0,"height":16.0,"country_label":null,"name_label":null,"custom_layers":null,"custom_colors":null,"format":"png","dpi":300,"margins":0.0,"paper_size":"custom","lat":48.8566,"lon":2.3522}"#
        )
        #expect(centred.hash == "c74d079964b288cf68f296a8d7550aad")
        #expect(centred.objectKey == "paris_feature_based_c74d0799.png")
        let coerced = try PosterRequest(json: #"{"city":"Paris","country":"France","lat":60,"lon":"24.94"}"#)
        #expect(coerced.hash == "df84002610d2d42bb173548a8f492e5a")
    }

    @Test func allThemesZip() throws {
        let request = try PosterRequest(json: #"{"city":"Paris","country":"France","all_themes":true}"#)
        #expect(request.hash == "83f1c38a4ed8a9b25c8b8a7e9e5dcf65")
        #expect(request.objectKey == "paris_ALL_THEMES_83f1c38a.zip")
    }

    @Test(arguments: [
        ("Saint-Étienne", "saint-etienne"), ("Łódź", "odz"), ("Straße", "strae"), ("東京", ""),
        ("New York", "new_york"), ("São Paulo!", "sao_paulo!"), ("ﬁle", "file"),
    ])
    func slugMatchesTheOriginal(city: String, slug: String) {
        #expect(PosterRequest.slug(city) == slug)
    }
}
