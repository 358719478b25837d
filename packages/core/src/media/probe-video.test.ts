import { describe, expect, it } from "vitest";
import { type FfprobeOutput, videoFactsFrom } from "./probe-video.ts";

type Stream = NonNullable<FfprobeOutput["streams"]>[number];

const phoneVideo = (rotation: Partial<Stream>): FfprobeOutput => ({
  streams: [
    {
      codec_type: "video",
      codec_name: "hevc",
      width: 1920,
      height: 1080,
      avg_frame_rate: "30000/1001",
      ...rotation,
    },
    { codec_type: "audio", codec_name: "aac" },
  ],
  format: { duration: "12.345678", bit_rate: "8000000" },
});

describe("video facts from ffprobe", () => {
  it("reads codecs, size, duration, frame and bit rate", () => {
    expect(videoFactsFrom(phoneVideo({}), "mov")).toEqual({
      format: "mov",
      videoCodec: "hevc",
      audioCodec: "aac",
      width: 1920,
      height: 1080,
      durationSeconds: 12.346,
      frameRate: 29.97,
      bitRate: 8_000_000,
      rotation: 0,
    });
  });

  it("a portrait phone video (display matrix −90°) is as tall as it is shown", () => {
    const facts = videoFactsFrom(
      phoneVideo({ side_data_list: [{ side_data_type: "Display Matrix", rotation: -90 }] }),
      "mov",
    );
    expect(facts).toMatchObject({ width: 1080, height: 1920, rotation: 90 });
  });

  it("an older file's rotate tag counts the same way", () => {
    const facts = videoFactsFrom(phoneVideo({ tags: { rotate: "270" } }), "mp4");
    expect(facts).toMatchObject({ width: 1080, height: 1920, rotation: 270 });
  });

  it("cover art is not mistaken for the picture", () => {
    const output: FfprobeOutput = {
      streams: [
        {
          codec_type: "video",
          codec_name: "mjpeg",
          width: 600,
          height: 600,
          disposition: { attached_pic: 1 },
        },
        { codec_type: "video", codec_name: "h264", width: 1280, height: 720, r_frame_rate: "25/1" },
      ],
      format: { duration: "3.0" },
    };
    expect(videoFactsFrom(output, "mp4")).toMatchObject({
      videoCodec: "h264",
      width: 1280,
      frameRate: 25,
    });
  });

  it("a file with sound only is not a video", () => {
    expect(() =>
      videoFactsFrom(
        { streams: [{ codec_type: "audio", codec_name: "aac" }], format: { duration: "3" } },
        "mp4",
      ),
    ).toThrow("no video stream");
  });
});
