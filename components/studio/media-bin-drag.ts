// The drag payload from the media bin to a lane: {ref, name, durationUs} as JSON.
export const MEDIA_MIME = "application/x-mixdesk-media";
